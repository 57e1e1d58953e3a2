using Xunit;
using Xunit.Abstractions;

namespace SharedSockets.Packaging.Tests.Fixes;

/// <summary>
/// The fixes as CI applies them, in bulk and unread: a consumer of the packed analyzers holding every rule's
/// positive cases (<see cref="PositiveCases"/>) is built, fixed with <c>dotnet format analyzers --severity info</c>,
/// and built again. The fixed code must compile, and the share of diagnostics fixed must stay at the floor
/// (the fixes decline, on purpose, the shapes where no safe edit exists: see docs/rules/*.md, "Code fixes").
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class DotnetFormatFixTests(PackagingFixture fixture, ITestOutputHelper output)
{
    private const string ProjectFile = "FixConsumer.csproj";

    /// <summary>The share of the positive cases' diagnostics that dotnet format fixes today (fixed/total).</summary>
    // 0.60, not the 80/130 (61.5 %) of the best run: whether dotnet format reaches the SOCK002
    // LibraryImport_KeepsRegistration case depends on the order it meets the diagnostics in (its Fix All
    // without a key takes the first diagnostic's first fix, and that case's only fix has another key),
    // so a clean clone measured 79/130. Making that deterministic is open work (issue 12).
    private const double Floor = 0.60;

    private static readonly string[] Rules = ["SOCK001", "SOCK002", "SOCK003", "SOCK004", "SOCK005", "SOCK006", "SOCK007", "SOCK008"];

    [Fact]
    public void Dotnet_format_fixes_the_positive_cases_and_the_code_still_compiles()
    {
        var (cases, skipped) = PositiveCases.Read(fixture.RepositoryRoot);
        Assert.True(cases.Count >= 80, $"Only {cases.Count} positive cases were read.");
        var consumer = CreateConsumer(cases);

        var before = SocketDiagnostics(Build(consumer, "before"));
        var format = fixture.Run(consumer, "format", "analyzers", ProjectFile, "--severity", "info", "--no-restore", "-v", "diag");
        Assert.True(format.ExitCode == 0, format.ToString());
        var afterBuild = Build(consumer, "after");
        var after = SocketDiagnostics(afterBuild);

        var errors = BuildDiagnostic.Parse(afterBuild.Output).Where(d => d.Severity == "error").ToList();
        Log($"{cases.Count} positive cases ({skipped.Count} left out: {string.Join(", ", skipped)})");
        Log("rule     fixed/total");
        foreach (var rule in Rules)
        {
            var total = before.Count(d => d.Id == rule);
            Log($"{rule}  {total - after.Count(d => d.Id == rule),5}/{total}");
        }

        var fixedCount = before.Count - after.Count;
        var share = before.Count == 0 ? 0 : (double)fixedCount / before.Count;
        Log($"all      {fixedCount,5}/{before.Count} ({share:P1}); compile errors after: {errors.Count}");
        Assert.True(errors.Count == 0, "dotnet format left code that does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        Assert.All(Rules, rule => Assert.Contains(before, d => d.Id == rule));
        Assert.True(share >= Floor, $"dotnet format fixed {fixedCount}/{before.Count} ({share:P1}), below the floor of {Floor:P0}.");
    }

    private string CreateConsumer(IReadOnlyList<PositiveCase> cases) =>
        fixture.Consumer("dotnet-format", directory =>
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
