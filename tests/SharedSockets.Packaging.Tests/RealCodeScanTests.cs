using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.RealCodeScan;
using Xunit;

// ThrowingAnalyzer is test-only, never shipped: the rules for shipped analyzers do not apply.
#pragma warning disable RS1036, RS1038, RS1041, RS2008

namespace SharedSockets.Packaging.Tests;

/// <summary>
/// tests/SharedSockets.RealCodeScan run on the analyzer package of this test run, over its own hand-written
/// examples (tests/SharedSockets.RealCodeScan/Examples): the bindings in one file, the calls in another,
/// and a file that does not compile.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class RealCodeScanTests(PackagingFixture fixture)
{
    private string Examples => Path.Combine(fixture.RepositoryRoot, "tests", "SharedSockets.RealCodeScan", "Examples");

    [Fact]
    public async Task Folder_scan_reports_SOCK001_across_files_and_no_analyzer_exception()
    {
        var (exitCode, output, error) = await RunAsync("--analyzers", fixture.AnalyzersPackage, Examples);

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}{output}");
        var lines = Lines(output);
        var sock001 = Assert.Single(lines, line => line.Contains(": SOCK", StringComparison.Ordinal));
        Assert.StartsWith("Relay.cs:13:52: SOCK001: 'WSAEventSelect(_socket, writeReady, FD_WRITE)' cancels", sock001, StringComparison.Ordinal);
        Assert.Equal("    also: Relay.cs:11:51", lines[lines.IndexOf(sock001) + 1]);
        // Broken.cs does not compile; the scan counts that and goes on.
        Assert.Contains("== Examples: 3 file(s), 1 compile error(s)", lines);
        Assert.Equal("Total: 1 project(s), 3 file(s), 1 diagnostic(s) (SOCK001 x1), 0 analyzer exception(s)", lines[^1]);
    }

    [Fact]
    public async Task Per_file_scan_cannot_see_bindings_declared_in_another_file()
    {
        var (exitCode, output, error) = await RunAsync("--analyzers", fixture.AnalyzersPackage, "--per-file", Examples);

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}{output}");
        var lines = Lines(output);
        Assert.Contains("== Relay.cs: 1 file(s), 6 compile error(s)", lines);
        Assert.Equal("Total: 3 project(s), 3 file(s), 0 diagnostic(s), 0 analyzer exception(s)", lines[^1]);
    }

    [Fact]
    public async Task An_analyzer_exception_is_printed_with_its_stack_trace_and_counted()
    {
        using var packaged = PackagedAnalyzers.Load(fixture.AnalyzersPackage);
        Assert.Empty(packaged.LoadFailures);
        var scanner = new Scanner(packaged.Analyzers.Add(new ThrowingAnalyzer()), Scanner.ReferencePackPlus([]), []);
        var output = new StringWriter();
        var report = new ReportWriter(output, showCompileErrors: false);

        report.Write(await scanner.ScanAsync(Assert.Single(Scanner.ProjectsOf(Examples, perFile: false))));
        report.WriteSummary();

        var text = output.ToString();
        Assert.Contains($"ANALYZER EXCEPTION in {typeof(ThrowingAnalyzer).FullName}:", text, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowingAnalyzer.ThrowOnEveryTree), text, StringComparison.Ordinal);
        // The packaged rules still ran beside the failing analyzer.
        Assert.Contains("Relay.cs:13:52: SOCK001:", text, StringComparison.Ordinal);
        // One exception per syntax tree, counted once each (the callback, not also an AD0001 line).
        Assert.Equal(3, report.FailureCount);
        Assert.EndsWith("Total: 1 project(s), 3 file(s), 1 diagnostic(s) (SOCK001 x1), 3 analyzer exception(s)" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_folder_is_a_usage_error()
    {
        var missing = Path.Combine(fixture.WorkDirectory, "no-such-folder");

        var (exitCode, _, error) = await RunAsync("--analyzers", fixture.AnalyzersPackage, missing);

        Assert.Equal(2, exitCode);
        Assert.Contains($"'{missing}' is neither a folder nor a .cs file.", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await Program.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r'))];

    /// <summary>Fails on every syntax tree, as a broken analyzer would (the compiler's AD0001).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new("TEST0001", "never reported", "never reported", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Never];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxTreeAction(ThrowOnEveryTree);
        }

        public static void ThrowOnEveryTree(SyntaxTreeAnalysisContext context) =>
            throw new InvalidOperationException("This analyzer always fails.");
    }
}
