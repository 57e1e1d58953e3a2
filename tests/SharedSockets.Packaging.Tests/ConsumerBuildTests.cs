using System.Text.Json;
using Xunit;

namespace SharedSockets.Packaging.Tests;

/// <summary>
/// Builds consumers exactly as a user would: samples/DiagnosticsSample (PackageReference to
/// SharedSockets.Analyzers) and a project that references only the SharedSockets shim, restored from the
/// packages of this test run.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class ConsumerBuildTests(PackagingFixture fixture)
{
    private const string RuleId = "SOCK001";
    private const string Marker = "// SOCK001 expected here";

    /// <summary>The analyzer could not be loaded (CS8032, CS8034; CS9057: built against a newer compiler), holds none (CS8033) or threw (AD0001).</summary>
    private static readonly string[] AnalyzerFailureIds = ["AD0001", "CS8032", "CS8033", "CS8034", "CS9057"];

    [Fact]
    public void Sample_build_warns_SOCK001_exactly_at_the_marked_calls()
    {
        var sample = fixture.SampleCopy("sample");
        var expected = MarkedLocations(sample);

        var build = fixture.Build(sample);

        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostics = BuildDiagnostic.Parse(build.Output);
        AssertNoAnalyzerFailure(diagnostics, build);
        var reported = diagnostics.Where(d => d.Id == RuleId).ToList();
        Assert.True(reported.All(d => d.Severity == "warning"), build.ToString());
        Assert.True(expected.SequenceEqual(Locations(reported)), $"Expected {RuleId} at [{string.Join(", ", expected)}]. {build}");
        // The sample shows SOCK001 and nothing else: any other warning is noise a reader would have to skip.
        Assert.True(diagnostics.All(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal)), build.ToString());
        // A development dependency: the analyzers run in the compiler and never reach the build output.
        Assert.DoesNotContain(OutputFiles(sample), f => f.StartsWith("SharedSockets.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-warnaserror")]
    [InlineData("-p:TreatWarningsAsErrors=true")]
    public void Warnings_as_errors_fail_the_sample_build_with_error_SOCK001(string option)
    {
        var sample = fixture.SampleCopy("sample");
        var expected = MarkedLocations(sample);

        var build = fixture.Build(sample, option);

        Assert.True(build.ExitCode != 0, "The build should have failed. " + build);
        var errors = BuildDiagnostic.Parse(build.Output).Where(d => d.Id == RuleId && d.Severity == "error").ToList();
        Assert.True(expected.SequenceEqual(Locations(errors)), $"Expected error {RuleId} at [{string.Join(", ", expected)}]. {build}");
    }

    [Fact]
    public void Editorconfig_severity_none_silences_SOCK001()
    {
        var sample = fixture.SampleCopy("sample-silenced", new Dictionary<string, string>
        {
            [".editorconfig"] = $"""
                root = true

                [*.cs]
                dotnet_diagnostic.{RuleId}.severity = none

                """,
        });

        // Warnings as errors too: "silenced" must mean gone, not merely not fatal.
        var build = fixture.Build(sample, "-p:TreatWarningsAsErrors=true");

        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostics = BuildDiagnostic.Parse(build.Output);
        AssertNoAnalyzerFailure(diagnostics, build);
        Assert.True(diagnostics.All(d => d.Id != RuleId), build.ToString());
    }

    [Fact]
    public void Sarif_2_1_error_log_holds_a_SOCK001_result_at_the_marked_call()
    {
        var sample = fixture.SampleCopy("sample");
        var expected = MarkedLocations(sample);
        var sarifPath = Path.Combine(fixture.WorkDirectory, "sarif", "DiagnosticsSample.sarif");
        Directory.CreateDirectory(Path.GetDirectoryName(sarifPath)!);

        // %2C is an escaped comma: the compiler's ErrorLog value is "path,version=2.1".
        var build = fixture.Build(sample, $"-p:ErrorLog={sarifPath}%2Cversion=2.1");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(sarifPath), "No SARIF log was written. " + build);
        using var log = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var root = log.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var runs = root.GetProperty("runs").EnumerateArray().ToList();

        var results = runs
            .SelectMany(run => run.TryGetProperty("results", out var r) ? r.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(result => result.TryGetProperty("ruleId", out var id) && id.GetString() == RuleId)
            .ToList();
        var located = results.Select(result =>
        {
            var physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            var uri = new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!);
            return new ExpectedLocation(Path.GetFullPath(uri.LocalPath), physical.GetProperty("region").GetProperty("startLine").GetInt32());
        }).Order(LocationOrder.Instance).ToList();
        Assert.True(expected.SequenceEqual(located), $"SARIF {RuleId} results at [{string.Join(", ", located)}], expected [{string.Join(", ", expected)}]");
        Assert.All(results, result => Assert.Equal("warning", result.GetProperty("level").GetString()));

        // The rule's metadata travels with the log: SARIF viewers link to the rule's documentation page.
        var rule = runs
            .SelectMany(run => run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out var rules) ? rules.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .SingleOrDefault(r => r.GetProperty("id").GetString() == RuleId);
        Assert.True(rule.ValueKind == JsonValueKind.Object, $"No {RuleId} rule in the SARIF tool.driver.rules.");
        Assert.True(
            rule.TryGetProperty("helpUri", out var helpUri) && helpUri.GetString()!.EndsWith($"{RuleId}.md", StringComparison.Ordinal),
            $"{RuleId} has no helpUri to docs/rules/{RuleId}.md: {rule}");
    }

    [Fact]
    public void Consumer_of_the_shim_alone_gets_SOCK001_transitively()
    {
        var consumer = fixture.Consumer("shim-consumer", directory =>
        {
            File.WriteAllText(Path.Combine(directory, "ShimConsumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{PackagingFixture.ShimPackageId}" Version="{fixture.PackageVersion}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "Poller.cs"), """
                using System.Runtime.InteropServices;

                namespace ShimConsumer;

                public static class Poller
                {
                    private const int FD_READ = 0x01, FD_WRITE = 0x02, FD_CLOSE = 0x20;

                    [DllImport("ws2_32.dll", SetLastError = true)]
                    private static extern int WSAEventSelect(nint s, nint hEventObject, int lNetworkEvents);

                    public static void Register(nint socket, nint readEvent, nint writeEvent)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        WSAEventSelect(socket, writeEvent, FD_WRITE); // SOCK001 expected here
                    }
                }
                """);
        });
        var expected = MarkedLocations(consumer);

        var build = fixture.Build(consumer);

        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostics = BuildDiagnostic.Parse(build.Output);
        AssertNoAnalyzerFailure(diagnostics, build);
        var reported = diagnostics.Where(d => d.Id == RuleId && d.Severity == "warning").ToList();
        Assert.True(expected.SequenceEqual(Locations(reported)), $"Expected {RuleId} at [{string.Join(", ", expected)}]. {build}");
        // And the shim is a compile reference (the rules came with the library, not instead of it).
        var assets = File.ReadAllText(Path.Combine(consumer, "obj", "project.assets.json"));
        Assert.Contains("lib/net8.0/SharedSockets.dll", assets, StringComparison.Ordinal);
        var runtimeDependencies = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(consumer, "bin"), "ShimConsumer.deps.json", SearchOption.AllDirectories).Single());
        Assert.Contains("lib/net8.0/SharedSockets.dll", runtimeDependencies, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedSockets.Analyzers.dll", runtimeDependencies, StringComparison.Ordinal);
        Assert.DoesNotContain(OutputFiles(consumer), f => f.StartsWith("SharedSockets.", StringComparison.Ordinal));
    }

    [Fact]
    public void Dotnet_format_applies_the_packaged_SOCK001_fix()
    {
        var sample = fixture.SampleCopy("sample-format");
        var expected = MarkedLocations(sample);
        var before = expected.ToDictionary(l => l, l => File.ReadAllLines(l.FullPath)[l.Line - 1]);
        string[] format = ["format", "analyzers", "--diagnostics", RuleId, "--severity", "info", "--no-restore"];

        // Exit code 2: the workspace loaded, the analyzers ran, and a fix is pending.
        var verify = fixture.Run(sample, [.. format, "--verify-no-changes"]);
        Assert.True(verify.ExitCode == 2, "Expected `--verify-no-changes` to exit 2 (fixes pending). " + verify);

        var apply = fixture.Run(sample, format);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.All(expected, l => Assert.NotEqual(before[l], File.ReadAllLines(l.FullPath)[l.Line - 1]));

        // The fixed sample compiles and no longer cancels a registration.
        var build = fixture.Build(sample, "-p:TreatWarningsAsErrors=true");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(BuildDiagnostic.Parse(build.Output).All(d => d.Id != RuleId), build.ToString());
    }

    private static IReadOnlyList<ExpectedLocation> MarkedLocations(string directory)
    {
        var marked = ExpectedLocation.Find(directory, Marker);
        Assert.True(marked.Count > 0, $"No '{Marker}' comment under {directory}.");
        return marked;
    }

    /// <summary>The names of the files a build put under bin/.</summary>
    private static List<string> OutputFiles(string directory) =>
        Directory.EnumerateFiles(Path.Combine(directory, "bin"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList()!;

    private static List<ExpectedLocation> Locations(IEnumerable<BuildDiagnostic> diagnostics) =>
        diagnostics.Select(d => new ExpectedLocation(Path.GetFullPath(d.Origin), d.Line ?? 0)).Distinct().Order(LocationOrder.Instance).ToList();

    private static void AssertNoAnalyzerFailure(IEnumerable<BuildDiagnostic> diagnostics, CliResult build)
    {
        var failures = diagnostics.Where(d => AnalyzerFailureIds.Contains(d.Id)).ToList();
        Assert.True(failures.Count == 0, "The analyzers failed to load or threw. " + build);
    }

    private sealed class LocationOrder : IComparer<ExpectedLocation>
    {
        public static readonly LocationOrder Instance = new();

        public int Compare(ExpectedLocation? x, ExpectedLocation? y) =>
            StringComparer.Ordinal.Compare(x!.FullPath, y!.FullPath) is var byPath and not 0 ? byPath : x.Line.CompareTo(y.Line);
    }
}
