using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// The end-to-end overhead as CPU time, the four configurations (baseline, driver-only probe, ours,
/// probe + ours) interleaved round-robin in every iteration, medians of many iterations
/// (<c>--round-robin</c>, as a build runs: concurrent; <c>--serial</c>: one compiler thread and
/// non-concurrent analysis). The side-by-side run's single medians of 5 scatter by ±5–10 % on a
/// 2-core machine; interleaving and more iterations narrow that.
/// </summary>
internal static class OverheadRoundRobin
{
    private const string DriverOnly = "driver-only probe";
    private const string Ours = "our analyzers";
    private const string DriverAndOurs = "driver-only probe + our analyzers";
    private const string SymbolStartFloor = "as many empty symbol-start probes as we have rules";

    public static async Task RunAsync(IReadOnlyList<GeneratedProject> generated, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, int iterations, bool serial)
    {
        var configurations = new List<(string Name, ImmutableArray<DiagnosticAnalyzer>? Analyzers)>
        {
            (CpuRoundRobin.Baseline, null),
            (DriverOnly, ImmutableArray.Create<DiagnosticAnalyzer>(new DriverOnlyAnalyzer())),
            (Ours, analyzers),
            (DriverAndOurs, analyzers.Add(new DriverOnlyAnalyzer())),
            (SymbolStartFloor, Enumerable.Range(0, analyzers.Length).Select(_ => (DiagnosticAnalyzer)new DriverOnlyAnalyzer(registersMemberActions: false)).ToImmutableArray()),
        };

        var medians = await CpuRoundRobin.RunAsync(generated, references, configurations, iterations, serial).ConfigureAwait(false);
        var baseline = medians[CpuRoundRobin.Baseline];
        Console.WriteLine();
        Console.WriteLine($"{(serial ? "Serial" : "Concurrent")} CPU time, median of {iterations} round-robin runs after 1 warm-up:");
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
