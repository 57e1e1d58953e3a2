using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers;
using SharedSockets.Analyzers.Benchmarks;

// Macro benchmark of the SharedSockets analyzers on a generated solution. See README.md.
//   dotnet run -c Release --project benchmarks/SharedSockets.Analyzers.Benchmarks -- [--lines 200000] [--projects 4]
//       [--iterations 5] [--warmup 1] [--socket-rate 0.015] [--seed 42] [--variant both|a|b] [--each]
//   --relevance: the one-time relevance scan alone, cold and warm.
//   --dotnet-build: the generated projects built with `dotnet build`, with and without our analyzer, alternately.
//   --round-robin: the end-to-end overhead in CPU time, configurations interleaved, median of --iterations.
//   --serial: the same with one compiler thread and non-concurrent analysis.
//   --each: CPU time of each analyzer alone and of the driver-only probe, instead of the side-by-side run.
var settings = Settings.Parse(args);
var analyzers = typeof(RuleIdentifiers).Assembly.GetTypes()
    .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
    .OrderBy(type => type.Name, StringComparer.Ordinal)
    .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
    .ToImmutableArray();
var references = ReferencePack.Load();

Console.WriteLine("# SharedSockets analyzer overhead");
Console.WriteLine();
Console.WriteLine($"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(Compilation).Assembly.GetName().Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"- Settings: {settings}");
Console.WriteLine($"- Analyzers ({analyzers.Length}): {string.Join(", ", analyzers.Select(analyzer => analyzer.GetType().Name))}");

// JIT warm-up of every code path (compiler, driver, all rules) on a small socket-heavy solution, so
// neither variant's figures include first-call compilation of the analyzers.
var jitWarmup = new MacroBenchmark(SolutionGenerator.Generate(6000, 1, withSockets: true, socketMethodRate: 0.1, settings.Seed + 7), references, analyzers);
for (var round = 0; round < 3; round++)
{
    await jitWarmup.RunIterationAsync();
}

if (args.Contains("--relevance"))
{
    foreach (var withSockets in settings.Variants)
    {
        Console.WriteLine();
        Console.WriteLine($"## Relevance scan, variant {(withSockets ? "(b) with socket interop" : "(a) no socket APIs")}, {settings.Lines:N0} lines, median of {settings.Iterations}");
        Console.WriteLine();
        Console.WriteLine("| Measure | Value |");
        Console.WriteLine("|---|---:|");
        RelevanceCost.Run(SolutionGenerator.Generate(settings.Lines, settings.Projects, withSockets, settings.SocketRate, settings.Seed), references, settings.Iterations);
    }

    return 0;
}

if (args.Contains("--dotnet-build"))
{
    foreach (var withSockets in settings.Variants)
    {
        Console.WriteLine();
        Console.WriteLine($"## dotnet build, variant {(withSockets ? "(b) with socket interop" : "(a) no socket APIs")}, {settings.Lines:N0} lines");
        RealBuildCost.Run(SolutionGenerator.Generate(settings.Lines, settings.Projects, withSockets, settings.SocketRate, settings.Seed), withSockets ? "b" : "a", settings.Iterations);
    }

    return 0;
}

if (args.Contains("--serial") || args.Contains("--round-robin"))
{
    var serial = args.Contains("--serial");
    foreach (var withSockets in settings.Variants)
    {
        Console.WriteLine();
        Console.WriteLine($"## {(serial ? "Serial" : "Round-robin")} overhead, variant {(withSockets ? "(b) with socket interop" : "(a) no socket APIs")}, {settings.Lines:N0} lines");
        await OverheadRoundRobin.RunAsync(SolutionGenerator.Generate(settings.Lines, settings.Projects, withSockets, settings.SocketRate, settings.Seed), references, analyzers, settings.Iterations, serial);
    }

    return 0;
}

if (args.Contains("--each"))
{
    foreach (var withSockets in settings.Variants)
    {
        Console.WriteLine();
        Console.WriteLine($"## Per analyzer, variant {(withSockets ? "(b) with socket interop" : "(a) no socket APIs")}, {settings.Lines:N0} lines");
        await PerAnalyzerCost.RunAsync(SolutionGenerator.Generate(settings.Lines, settings.Projects, withSockets, settings.SocketRate, settings.Seed), references, analyzers, settings.Iterations);
    }

    return 0;
}

var exitCode = 0;
foreach (var withSockets in settings.Variants)
{
    var label = withSockets ? "(b) with socket interop" : "(a) no socket APIs";
    var generated = SolutionGenerator.Generate(settings.Lines, settings.Projects, withSockets, settings.SocketRate, settings.Seed);
    var benchmark = new MacroBenchmark(generated, references, analyzers);
    var files = generated.Sum(project => project.Files.Count);
    var lines = generated.Sum(project => project.Lines);
    Console.WriteLine();
    Console.WriteLine($"## Variant {label}");
    Console.WriteLine();
    Console.WriteLine($"{generated.Count} projects, {files} files, {lines:N0} lines (parsed once in {benchmark.ParseTime.TotalSeconds:0.00} s, not timed below)");

    for (var warmup = 0; warmup < settings.Warmup; warmup++)
    {
        var result = await benchmark.RunIterationAsync();
        Console.Error.WriteLine($"  warm-up {warmup + 1}: baseline {result.Baseline.TotalSeconds:0.000} s, with analyzers {result.WithAnalyzers.TotalSeconds:0.000} s");
    }

    var iterations = new List<IterationResult>();
    for (var iteration = 0; iteration < settings.Iterations; iteration++)
    {
        var result = await benchmark.RunIterationAsync();
        iterations.Add(result);
        Console.Error.WriteLine($"  iteration {iteration + 1}: baseline {result.Baseline.TotalSeconds:0.000} s (cpu {result.BaselineCpu.TotalSeconds:0.000} s), with analyzers {result.WithAnalyzers.TotalSeconds:0.000} s (cpu {result.WithAnalyzersCpu.TotalSeconds:0.000} s), our analyzers' execution time {Sum(result.AnalyzerTimes).TotalMilliseconds:0} ms, CPU inside their actions {Sum(result.AnalyzerCpuTimes).TotalMilliseconds:0} ms");
    }

    var last = iterations[^1];
    if (last.CompilerErrors > 0 || last.AnalyzerExceptions.Count > 0)
    {
        Console.WriteLine($"**Invalid run**: {last.CompilerErrors} compiler errors ({string.Join("; ", last.FirstErrors)}), analyzer exceptions: {string.Join("; ", last.AnalyzerExceptions)}");
        exitCode = 1;
    }

    var baseline = Median(iterations.Select(result => result.Baseline));
    var with = Median(iterations.Select(result => result.WithAnalyzers));
    var analyzerTotal = Median(iterations.Select(result => Sum(result.AnalyzerTimes)));
    var baselineCpu = Median(iterations.Select(result => result.BaselineCpu));
    var withCpu = Median(iterations.Select(result => result.WithAnalyzersCpu));
    var driver = Median(iterations.Select(result => result.DriverOnly));
    var driverCpu = Median(iterations.Select(result => result.DriverOnlyCpu));
    Console.WriteLine();
    Console.WriteLine($"Median of {settings.Iterations} iterations after {settings.Warmup} warm-up:");
    Console.WriteLine();
    Console.WriteLine("| Measure | Time | vs. baseline |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| Baseline: compile, all compiler diagnostics | {Seconds(baseline)} (min {Seconds(iterations.Min(result => result.Baseline))}, max {Seconds(iterations.Max(result => result.Baseline))}) | |");
    Console.WriteLine($"| Compile + our analyzers (one pass, concurrent) | {Seconds(with)} (min {Seconds(iterations.Min(result => result.WithAnalyzers))}, max {Seconds(iterations.Max(result => result.WithAnalyzers))}) | {Percent(with - baseline, baseline)} wall-clock |");
    Console.WriteLine($"| Our analyzers' execution time (telemetry, all threads) | {Milliseconds(analyzerTotal)} | **{Percent(analyzerTotal, baseline)}** |");
    var analyzerCpuTotal = Median(iterations.Select(result => Sum(result.AnalyzerCpuTimes)));
    Console.WriteLine($"| Our analyzers' CPU time inside their actions ({(ThreadCpuClock.IsThreadCpuTime ? "thread CPU clock" : "stopwatch: no thread CPU clock here")}, all threads, less {ThreadCpuClock.EmptyIntervalNanoseconds:0} ns of clock cost for each of {last.AnalyzerCallbacks.Values.Sum():N0} callbacks) | {Milliseconds(analyzerCpuTotal)} | **{Percent(analyzerCpuTotal, baselineCpu)} of the baseline's CPU time** |");
    Console.WriteLine($"| Compile + driver-only analyzer (same actions, empty) | {Seconds(driver)} | {Percent(driver - baseline, baseline)} wall-clock |");
    Console.WriteLine($"| CPU time: baseline | {Seconds(baselineCpu)} | |");
    Console.WriteLine($"| CPU time: compile + our analyzers | {Seconds(withCpu)} | {Percent(withCpu - baselineCpu, baselineCpu)} CPU |");
    Console.WriteLine($"| CPU time: compile + driver-only analyzer | {Seconds(driverCpu)} | {Percent(driverCpu - baselineCpu, baselineCpu)} CPU |");
    Console.WriteLine($"| CPU time: our analyzers beyond the driver | {Seconds(withCpu - driverCpu)} | {Percent(withCpu - driverCpu, baselineCpu)} CPU |");
    var both = Median(iterations.Select(result => result.DriverAndOurs));
    var bothCpu = Median(iterations.Select(result => result.DriverAndOursCpu));
    Console.WriteLine($"| Compile + driver-only analyzer + ours | {Seconds(both)} | **{Percent(both - driver, driver)} wall-clock vs. driver only** |");
    Console.WriteLine($"| CPU time: compile + driver-only analyzer + ours | {Seconds(bothCpu)} | **{Percent(bothCpu - driverCpu, driverCpu)} CPU vs. driver only** |");
    Console.WriteLine();
    Console.WriteLine("| Analyzer | Telemetry: execution time (median) | vs. baseline wall | CPU time inside its actions (median) | vs. baseline CPU | Callbacks |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    foreach (var name in last.AnalyzerCpuTimes.Keys.OrderByDescending(name => Median(iterations.Select(result => result.AnalyzerCpuTimes[name]))))
    {
        var time = Median(iterations.Select(result => result.AnalyzerTimes.GetValueOrDefault(name)));
        var cpuTime = Median(iterations.Select(result => result.AnalyzerCpuTimes[name]));
        Console.WriteLine($"| {name} | {Milliseconds(time)} | {Percent(time, baseline)} | {Milliseconds(cpuTime)} | {Percent(cpuTime, baselineCpu)} | {last.AnalyzerCallbacks[name]:N0} |");
    }

    Console.WriteLine();
    Console.WriteLine($"Diagnostics reported: {(last.DiagnosticCounts.Count == 0 ? "none" : string.Join(", ", last.DiagnosticCounts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} x{pair.Value}")))}; compiler errors: {last.CompilerErrors}");
}

return exitCode;

static TimeSpan Sum(IReadOnlyDictionary<string, TimeSpan> times) => times.Values.Aggregate(TimeSpan.Zero, (total, time) => total + time);

static TimeSpan Median(IEnumerable<TimeSpan> values)
{
    var sorted = values.OrderBy(value => value).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

static string Percent(TimeSpan part, TimeSpan whole) => (100 * part.TotalMilliseconds / whole.TotalMilliseconds).ToString("+0.00;-0.00", CultureInfo.InvariantCulture) + " %";

/// <summary>Command-line settings with the defaults the README figures use.</summary>
internal sealed record Settings(int Lines, int Projects, int Iterations, int Warmup, double SocketRate, int Seed, IReadOnlyList<bool> Variants)
{
    public static Settings Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var variant = Value("--variant") ?? "both";
        return new Settings(
            int.Parse(Value("--lines") ?? "200000", CultureInfo.InvariantCulture),
            int.Parse(Value("--projects") ?? "4", CultureInfo.InvariantCulture),
            int.Parse(Value("--iterations") ?? "5", CultureInfo.InvariantCulture),
            int.Parse(Value("--warmup") ?? "1", CultureInfo.InvariantCulture),
            double.Parse(Value("--socket-rate") ?? "0.015", CultureInfo.InvariantCulture),
            int.Parse(Value("--seed") ?? "42", CultureInfo.InvariantCulture),
            variant switch
            {
                "a" => new[] { false },
                "b" => new[] { true },
                _ => new[] { false, true },
            });
    }

    public override string ToString() =>
        $"--lines {Lines} --projects {Projects} --iterations {Iterations} --warmup {Warmup} --socket-rate {SocketRate.ToString(CultureInfo.InvariantCulture)} --seed {Seed}";
}
