using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>Timings of one iteration over every project of a variant.</summary>
internal sealed record IterationResult(
    TimeSpan Baseline,
    TimeSpan WithAnalyzers,
    TimeSpan BaselineCpu,
    TimeSpan WithAnalyzersCpu,
    TimeSpan DriverOnly,
    TimeSpan DriverOnlyCpu,
    TimeSpan DriverAndOurs,
    TimeSpan DriverAndOursCpu,
    TimeSpan TelemetryRunWall,
    IReadOnlyDictionary<string, TimeSpan> AnalyzerTimes,
    IReadOnlyDictionary<string, TimeSpan> AnalyzerCpuTimes,
    IReadOnlyDictionary<string, long> AnalyzerCallbacks,
    IReadOnlyDictionary<string, int> DiagnosticCounts,
    int CompilerErrors,
    IReadOnlyList<string> AnalyzerExceptions,
    IReadOnlyList<string> FirstErrors);

/// <summary>
/// Compiles each project of a generated solution three ways, from the same parsed trees, each time in a
/// fresh compilation (nothing bound is shared between runs):
/// <list type="number">
/// <item>baseline: <c>Compilation.GetDiagnostics()</c>, which binds every method body (csc without analyzers, minus emit);</item>
/// <item>with analyzers: <c>CompilationWithAnalyzers.GetAllDiagnosticsAsync()</c>, compiler and analyzer diagnostics in one
/// binding pass with concurrent analysis (csc with analyzers, minus emit); no execution-time logging;</item>
/// <item>driver only: the same with <see cref="DriverOnlyAnalyzer"/> in place of ours (what any operation analyzer costs);</item>
/// <item>driver + ours: the probe and our analyzers together, against "driver only": what adding SharedSockets costs a
/// build that already runs an operation analyzer (every SDK build runs some);</item>
/// <item>telemetry: the same with <c>logAnalyzerExecutionTime: true</c>, for the time spent inside each analyzer's actions.</item>
/// <item>callback CPU: the same with each analyzer wrapped in <see cref="CpuTimedAnalyzer"/>, for the thread CPU time inside its actions.</item>
/// </list>
/// </summary>
internal sealed class MacroBenchmark
{
    private readonly ImmutableArray<MetadataReference> references;
    private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;
    private readonly IReadOnlyList<(string Name, SyntaxTree[] Trees)> projects;

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        nullableContextOptions: NullableContextOptions.Enable,
        concurrentBuild: true);

    public MacroBenchmark(IReadOnlyList<GeneratedProject> generated, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        this.references = references;
        this.analyzers = analyzers;
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var stopwatch = Stopwatch.StartNew();
        projects = generated
            .Select(project => (project.Name, project.Files.AsParallel().AsOrdered().Select(file => CSharpSyntaxTree.ParseText(file.Text, parseOptions, file.Path)).ToArray()))
            .ToArray();
        ParseTime = stopwatch.Elapsed;
    }

    public TimeSpan ParseTime { get; }

    public async Task<IterationResult> RunIterationAsync()
    {
        var baseline = TimeSpan.Zero;
        var withAnalyzers = TimeSpan.Zero;
        var baselineCpu = TimeSpan.Zero;
        var withAnalyzersCpu = TimeSpan.Zero;
        var driverOnly = TimeSpan.Zero;
        var driverOnlyCpu = TimeSpan.Zero;
        var driverAndOurs = TimeSpan.Zero;
        var driverAndOursCpu = TimeSpan.Zero;
        var firstErrors = new List<string>();
        var telemetryWall = TimeSpan.Zero;
        var analyzerTimes = new Dictionary<string, TimeSpan>();
        var analyzerCpuTimes = new Dictionary<string, TimeSpan>();
        var analyzerCallbacks = new Dictionary<string, long>();
        var diagnosticCounts = new Dictionary<string, int>();
        var exceptions = new ConcurrentQueue<string>();
        var errors = 0;

        foreach (var (name, trees) in projects)
        {
            // Baseline: bind everything, report compiler diagnostics.
            var compilation = Fresh(name, trees);
            Settle();
            var cpu = CpuTime();
            var stopwatch = Stopwatch.StartNew();
            var compilerDiagnostics = compilation.GetDiagnostics();
            baseline += stopwatch.Elapsed;
            baselineCpu += CpuTime() - cpu;
            errors += compilerDiagnostics.Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
            firstErrors.AddRange(compilerDiagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Take(3 - Math.Min(3, firstErrors.Count)).Select(diagnostic => diagnostic.ToString()));

            // With our analyzers, as a build runs them: one pass, concurrent, no timing instrumentation.
            var plain = Fresh(name, trees).WithAnalyzers(analyzers, AnalyzerOptions(logExecutionTime: false, exceptions));
            Settle();
            cpu = CpuTime();
            stopwatch.Restart();
            var all = await plain.GetAllDiagnosticsAsync().ConfigureAwait(false);
            withAnalyzers += stopwatch.Elapsed;
            withAnalyzersCpu += CpuTime() - cpu;
            foreach (var diagnostic in all.Where(diagnostic => diagnostic.Id.StartsWith("SOCK", StringComparison.Ordinal) || diagnostic.Id.StartsWith("AD", StringComparison.Ordinal)))
            {
                diagnosticCounts[diagnostic.Id] = diagnosticCounts.GetValueOrDefault(diagnostic.Id) + 1;
            }

            // Reference: the driver with an operation analyzer that does nothing in its actions.
            var probe = Fresh(name, trees).WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DriverOnlyAnalyzer()), AnalyzerOptions(logExecutionTime: false, exceptions));
            Settle();
            cpu = CpuTime();
            stopwatch.Restart();
            await probe.GetAllDiagnosticsAsync().ConfigureAwait(false);
            driverOnly += stopwatch.Elapsed;
            driverOnlyCpu += CpuTime() - cpu;

            // The probe and ours together: our marginal cost where the driver already runs.
            var both = Fresh(name, trees).WithAnalyzers(analyzers.Add(new DriverOnlyAnalyzer()), AnalyzerOptions(logExecutionTime: false, exceptions));
            Settle();
            cpu = CpuTime();
            stopwatch.Restart();
            await both.GetAllDiagnosticsAsync().ConfigureAwait(false);
            driverAndOurs += stopwatch.Elapsed;
            driverAndOursCpu += CpuTime() - cpu;

            // Telemetry: time inside each analyzer's callbacks (what -p:ReportAnalyzer=true prints for csc).
            var instrumented = Fresh(name, trees).WithAnalyzers(analyzers, AnalyzerOptions(logExecutionTime: true, exceptions));
            Settle();
            stopwatch.Restart();
            // GetAnalysisResultAsync keeps the per-analyzer telemetry (GetAllDiagnosticsAsync does not).
            var analysis = await instrumented.GetAnalysisResultAsync(CancellationToken.None).ConfigureAwait(false);
            telemetryWall += stopwatch.Elapsed;
            foreach (var (analyzer, info) in analysis.AnalyzerTelemetryInfo)
            {
                var key = analyzer.GetType().Name;
                analyzerTimes[key] = analyzerTimes.GetValueOrDefault(key) + info.ExecutionTime;
            }

            // Callback CPU: thread CPU time inside each analyzer's actions, as a build runs them (concurrent,
            // not instrumented by the driver). The references are bound first: every compile does that
            // before it binds a body, and it would otherwise be charged to the first analyzer to start.
            var timed = analyzers.Select(analyzer => new CpuTimedAnalyzer(analyzer)).ToImmutableArray();
            var measured = Fresh(name, trees);
            _ = measured.GetSpecialType(SpecialType.System_Object);
            Settle();
            await measured.WithAnalyzers(timed.CastArray<DiagnosticAnalyzer>(), AnalyzerOptions(logExecutionTime: false, exceptions)).GetAllDiagnosticsAsync().ConfigureAwait(false);
            foreach (var analyzer in timed)
            {
                analyzerCpuTimes[analyzer.Name] = analyzerCpuTimes.GetValueOrDefault(analyzer.Name) + analyzer.CpuTime;
                analyzerCallbacks[analyzer.Name] = analyzerCallbacks.GetValueOrDefault(analyzer.Name) + analyzer.Callbacks;
            }
        }

        return new IterationResult(baseline, withAnalyzers, baselineCpu, withAnalyzersCpu, driverOnly, driverOnlyCpu, driverAndOurs, driverAndOursCpu, telemetryWall, analyzerTimes, analyzerCpuTimes, analyzerCallbacks, diagnosticCounts, errors, exceptions.Distinct().ToArray(), firstErrors);
    }

    /// <summary>CPU time of this process (all threads): unlike wall-clock time, not inflated by other processes on the machine.</summary>
    private static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

    private CSharpCompilation Fresh(string name, SyntaxTree[] trees) => CSharpCompilation.Create(name, trees, references, Options);

    private static CompilationWithAnalyzersOptions AnalyzerOptions(bool logExecutionTime, ConcurrentQueue<string> exceptions) =>
        new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: logExecutionTime,
            reportSuppressedDiagnostics: false);

    /// <summary>Start every timed run from a collected heap, so one run's garbage is not charged to the next.</summary>
    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
