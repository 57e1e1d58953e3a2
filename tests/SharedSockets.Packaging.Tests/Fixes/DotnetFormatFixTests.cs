using Xunit;
using Xunit.Abstractions;

namespace SharedSockets.Packaging.Tests.Fixes;

/// <summary>
/// The fixes as CI applies them, in bulk and unread: a consumer of the packed analyzers holding every rule's
/// positive cases (<see cref="PositiveCases"/>) is built, fixed with <c>dotnet format analyzers --severity info</c>,
/// and built again, once without and once with the SharedSockets shim referenced. The fixed code must compile,
/// and the share of diagnostics fixed must stay at the floor (the fixes decline, on purpose, the shapes where no
/// safe edit exists: see docs/rules/*.md, "Code fixes"; the ones left are logged).
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class DotnetFormatFixTests(PackagingFixture fixture, ITestOutputHelper output)
{
    private const string ProjectFile = "FixConsumer.csproj";

    /// <summary>The share of the positive cases' diagnostics that dotnet format fixes (fixed/total), per configuration.</summary>
    // Without the shim only the native-correct fixes exist; with it (what the README installs), the fixes that
    // steer to SharedWinsock too. Every diagnostic's first fix shares one equivalence key (FirstFixKey), so which
    // diagnostic dotnet format meets first no longer decides what it fixes: the figures are the same every run.
    private const double FloorWithoutShim = 0.65;
    private const double FloorWithShim = 0.71;

    private static readonly string[] Rules = ["SOCK001", "SOCK002", "SOCK003", "SOCK004", "SOCK005", "SOCK006", "SOCK007", "SOCK008"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dotnet_format_fixes_the_positive_cases_and_the_code_still_compiles(bool referenceShim)
    {
        var (cases, skipped) = PositiveCases.Read(fixture.RepositoryRoot);
        Assert.True(cases.Count >= 80, $"Only {cases.Count} positive cases were read.");
        var consumer = CreateConsumer(cases, referenceShim);

        var before = SocketDiagnostics(Build(consumer, "before"));
        var format = fixture.Run(consumer, "format", "analyzers", ProjectFile, "--severity", "info", "--no-restore", "-v", "diag");
        Assert.True(format.ExitCode == 0, format.ToString());
        var afterBuild = Build(consumer, "after");
        var after = SocketDiagnostics(afterBuild);

        var errors = BuildDiagnostic.Parse(afterBuild.Output).Where(d => d.Severity == "error").ToList();
        Log($"{cases.Count} positive cases ({skipped.Count} left out: {string.Join(", ", skipped)}); shim referenced: {referenceShim}");
        Log("rule     fixed/total");
        foreach (var rule in Rules)
        {
            var total = before.Count(d => d.Id == rule);
            Log($"{rule}  {total - after.Count(d => d.Id == rule),5}/{total}");
        }

        var fixedCount = before.Count - after.Count;
        var share = before.Count == 0 ? 0 : (double)fixedCount / before.Count;
        var floor = referenceShim ? FloorWithShim : FloorWithoutShim;
        Log($"all      {fixedCount,5}/{before.Count} ({share:P1}); compile errors after: {errors.Count}");
        Log("left (no safe fix): " + string.Join(", ", after.Select(d => $"{d.Id} {Path.GetFileNameWithoutExtension(d.Origin)}").Distinct().Order(StringComparer.Ordinal)));
        Assert.True(errors.Count == 0, "dotnet format left code that does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        Assert.All(Rules, rule => Assert.Contains(before, d => d.Id == rule));
        Assert.True(share >= floor, $"dotnet format fixed {fixedCount}/{before.Count} ({share:P1}), below the floor of {floor:P0}.");
    }

    private string CreateConsumer(IReadOnlyList<PositiveCase> cases, bool referenceShim) =>
        fixture.Consumer(referenceShim ? "dotnet-format-shim" : "dotnet-format", directory =>
        {
            File.WriteAllText(Path.Combine(directory, ProjectFile), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <NoWarn>$(NoWarn);CS0169;CS0414;CS0649;CS8618;CA1416;CA2101;SYSLIB1054</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{PackagingFixture.AnalyzersPackageId}" Version="{fixture.PackageVersion}" PrivateAssets="all" />
                    {(referenceShim ? $"<PackageReference Include=\"{PackagingFixture.ShimPackageId}\" Version=\"{fixture.PackageVersion}\" />" : "")}
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, ".editorconfig"), """
                root = true

                [*.cs]
                dotnet_diagnostic.SOCK001.severity = warning
                dotnet_diagnostic.SOCK002.severity = warning
                dotnet_diagnostic.SOCK003.severity = warning
                dotnet_diagnostic.SOCK004.severity = warning
                dotnet_diagnostic.SOCK005.severity = warning
                dotnet_diagnostic.SOCK006.severity = warning
                dotnet_diagnostic.SOCK007.severity = warning
                dotnet_diagnostic.SOCK008.severity = warning
                """);
            Directory.CreateDirectory(Path.Combine(directory, "Bindings"));
            foreach (var (name, source) in PositiveCases.Bindings(fixture.RepositoryRoot))
            {
                File.WriteAllText(Path.Combine(directory, "Bindings", name + ".cs"), source);
            }

            for (var index = 0; index < cases.Count; index++)
            {
                var folder = Path.Combine(directory, cases[index].RuleTests);
                Directory.CreateDirectory(folder);
                for (var source = 0; source < cases[index].Sources.Count; source++)
                {
                    var ns = $"Case{index:D3}";
                    File.WriteAllText(
                        Path.Combine(folder, $"{cases[index].Method}.{source}.cs"),
                        PositiveCases.InNamespace(cases[index].Sources[source], ns));
                }
            }
        });

    private CliResult Build(string consumer, string when)
    {
        var build = fixture.Build(consumer);
        Log($"build {when}: exit {build.ExitCode}, {build.Elapsed.TotalSeconds:F0} s");
        return build;
    }

    private static List<BuildDiagnostic> SocketDiagnostics(CliResult build) =>
        BuildDiagnostic.Parse(build.Output).Where(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal)).ToList();

    private void Log(string line) => output.WriteLine(line);
}
