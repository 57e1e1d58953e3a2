using System.IO.Compression;
using System.Xml.Linq;
using Xunit;

namespace SharedSockets.Packaging.Tests;

/// <summary>What the two .nupkg files produced by `dotnet pack Analyzers.sln -c Release` contain.</summary>
[Collection(PackagingCollection.Name)]
public sealed class PackageContentTests(PackagingFixture fixture)
{
    [Fact]
    public void Analyzer_package_ships_analyzers_and_code_fixes_under_analyzers_dotnet_cs_only()
    {
        var entries = Entries(fixture.AnalyzersPackage);
        var listing = Listing(fixture.AnalyzersPackage, entries);

        Assert.True(entries.Contains("analyzers/dotnet/cs/SharedSockets.Analyzers.dll"), listing);
        Assert.True(entries.Contains("analyzers/dotnet/cs/SharedSockets.CodeFixes.dll"), listing);
        // A lib/ or ref/ folder would make the analyzers a compile reference of every consumer.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));
        // Roslyn itself comes from the consumer's compiler; a bundled copy would be loaded beside it.
        Assert.DoesNotContain(entries, e => Path.GetFileName(e).StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Analyzer_package_is_a_development_dependency_without_dependencies()
    {
        var metadata = Metadata(fixture.AnalyzersPackage);

        Assert.Equal(PackagingFixture.AnalyzersPackageId, Value(metadata, "id"));
        Assert.Equal("true", Value(metadata, "developmentDependency"));
        // Whatever the analyzers use at build time (Microsoft.CodeAnalysis) must not flow to consumers.
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    [Fact]
    public void Shim_package_ships_lib_net8_0()
    {
        var entries = Entries(fixture.ShimPackage);

        Assert.True(entries.Contains("lib/net8.0/SharedSockets.dll"), Listing(fixture.ShimPackage, entries));
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));
    }

    [Fact]
    public void Shim_package_depends_on_the_analyzer_package_of_the_same_version_with_its_analyzers()
    {
        var metadata = Metadata(fixture.ShimPackage);
        var analyzersVersion = Value(Metadata(fixture.AnalyzersPackage), "version");

        Assert.Equal(PackagingFixture.ShimPackageId, Value(metadata, "id"));
        Assert.Equal(analyzersVersion, Value(metadata, "version"));
        var dependencies = metadata.Descendants()
            .Where(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == PackagingFixture.AnalyzersPackageId)
            .ToList();
        Assert.True(dependencies.Count > 0, "No dependency on SharedSockets.Analyzers in:\n" + metadata);
        Assert.Contains(dependencies, d => ((XElement)d.Parent!).Attribute("targetFramework")?.Value == "net8.0");
        foreach (var dependency in dependencies)
        {
            Assert.Equal(analyzersVersion, (string?)dependency.Attribute("version"));
            // exclude="Build,Analyzers" (what PrivateAssets on the project reference produces) would
            // strip the rules from every consumer of the shim.
            var exclude = (string?)dependency.Attribute("exclude") ?? "";
            Assert.True(
                !exclude.Contains("Analyzers", StringComparison.OrdinalIgnoreCase) && !exclude.Contains("Build", StringComparison.OrdinalIgnoreCase),
                "The dependency excludes analyzer assets: " + dependency);
        }
    }

    private static HashSet<string> Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
    }

    private static string Listing(string package, IEnumerable<string> entries) =>
        $"{Path.GetFileName(package)} contains:\n  " + string.Join("\n  ", entries.Order(StringComparer.Ordinal));

    private static XElement Metadata(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = Assert.Single(zip.Entries, e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        return document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
}
