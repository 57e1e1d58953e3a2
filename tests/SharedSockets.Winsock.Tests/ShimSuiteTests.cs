using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SharedSockets.Winsock.Tests;

/// <summary>
/// The shim's whole behaviour suite (SharedSockets.Tests, an xunit v3 program) on a real Winsock, with its
/// Windows-only half (Windows/: real event objects and windows), which the Linux build leaves out.
/// </summary>
[Collection(WindowsProgramsCollection.Name)]
public sealed partial class ShimSuiteTests(WindowsPrograms programs, ITestOutputHelper output)
{
    private const string Suite = "tests/SharedSockets.Tests/SharedSockets.Tests.csproj";

    /// <summary>The one test that describes the behaviour off Windows (skipped by design on Windows).</summary>
    private const string OffWindowsOnly = "SharedWinsockTests.ThePublicDropIns_ThrowPlatformNotSupportedOffWindows";

    [Fact]
    public void TheShimSuite_AndItsNativeHalf_PassOnARealWinsock()
    {
        // Under Wine, tests marked with the Wine trait are left out (each states the Wine behaviour that
        // stops it), and tests run one at a time (Wine's socket work is slow and its completion ports flaky
        // under concurrency). On Windows everything runs.
        string[] arguments = programs.Host.IsWine
            ? ["-trait-", "Wine=excluded*", "-parallel", "none", "-verbose"]
            : ["-verbose"];
        var run = programs.RunOnce(Suite, TimeSpan.FromMinutes(6), arguments);
        output.WriteLine(run.ToString());

        var summary = Summary().Match(run.Output);
        Assert.True(summary.Success, "No test summary. " + run);
        int Count(string name) => int.Parse(summary.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(run.ExitCode == 0 && Count("failed") == 0 && Count("errors") == 0, run.ToString());

        var skipped = SkippedTest().Matches(run.Output).Select(match => match.Groups["name"].Value).ToList();
        Assert.All(skipped, name => Assert.Contains(OffWindowsOnly, name, StringComparison.Ordinal));
        Assert.Equal(skipped.Count, Count("skipped"));

        var nativeHalf = FinishedNativeTest().Matches(run.Output).Count;
        Assert.True(nativeHalf >= 8, $"Only {nativeHalf} tests of the native half ran. " + run);
        Assert.True(Count("total") >= 55, $"Only {Count("total")} tests ran. " + run);
    }

    [GeneratedRegex(@"Total: (?<total>\d+), Errors: (?<errors>\d+), Failed: (?<failed>\d+), Skipped: (?<skipped>\d+)")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^\s*(?<name>\S+) \[SKIP\]", RegexOptions.Multiline)]
    private static partial Regex SkippedTest();

    [GeneratedRegex(@"Windows\.SharedWinsockNativeTests\.\S+ \[FINISHED\]")]
    private static partial Regex FinishedNativeTest();
}
