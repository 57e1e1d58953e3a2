using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// The overhead ratio with the least noise (<c>--serial</c>): one compiler thread and non-concurrent
/// analysis, CPU time, the four configurations round-robin. On a 2-core machine the concurrent runs
/// scatter by about ±10 % (thread-pool scheduling, server-GC threads); serial runs do not, so a
/// difference of 1–2 % can be told from noise. The time inside analyzer callbacks (telemetry) is not
/// used: it is wall-clock, so it counts preemption by the compiler's own threads and the one-time
/// reference binding that the first analyzer to start happens to trigger.
/// </summary>
internal static class SerialOverhead
{
    private const string DriverOnly = "driver-only probe";
    private const string Ours = "our analyzers";
    private const string DriverAndOurs = "driver-only probe + our analyzers";

    public static async Task RunAsync(IReadOnlyList<GeneratedProject> generated, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, int iterations)
    {
        var configurations = new List<(string Name, ImmutableArray<DiagnosticAnalyzer>? Analyzers)>
        {
            (CpuRoundRobin.Baseline, null),
            (DriverOnly, ImmutableArray.Create<DiagnosticAnalyzer>(new DriverOnlyAnalyzer())),
            (Ours, analyzers),
            (DriverAndOurs, analyzers.Add(new DriverOnlyAnalyzer())),
        };

        var medians = await CpuRoundRobin.RunAsync(generated, references, configurations, iterations, serial: true).ConfigureAwait(false);
        var baseline = medians[CpuRoundRobin.Baseline];
        Console.WriteLine();
        Console.WriteLine($"Serial CPU time, median of {iterations} round-robin runs after 1 warm-up:");
        Console.WriteLine();
        Console.WriteLine("| Configuration | CPU time | vs. baseline | vs. driver only |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, _) in configurations)
        {
            var versusBaseline = name == CpuRoundRobin.Baseline ? string.Empty : CpuRoundRobin.Percent(medians[name], baseline);
            var versusDriver = name == DriverAndOurs ? $"**{CpuRoundRobin.Percent(medians[name], medians[DriverOnly])}**" : string.Empty;
            Console.WriteLine($"| {name} | {medians[name] / 1000:0.000} s | {versusBaseline} | {versusDriver} |");
        }
    }
}
