using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// Where the time goes (<c>--each</c>): the CPU time each analyzer adds when it runs alone, next to the
/// driver-only probe once and five times (the driver's per-analyzer bookkeeping), as medians of a few runs.
/// </summary>
internal static class PerAnalyzerCost
{
    public static async Task RunAsync(IReadOnlyList<GeneratedProject> generated, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, int iterations)
    {
        var configurations = new List<(string Name, ImmutableArray<DiagnosticAnalyzer>? Analyzers)> { (CpuRoundRobin.Baseline, null) };
        configurations.Add(("driver-only probe x1", ImmutableArray.Create<DiagnosticAnalyzer>(new DriverOnlyAnalyzer())));
        configurations.Add(("driver-only probe x5", Enumerable.Range(0, 5).Select(_ => (DiagnosticAnalyzer)new DriverOnlyAnalyzer()).ToImmutableArray()));
        configurations.AddRange(analyzers.Select(analyzer => (analyzer.GetType().Name + " alone", (ImmutableArray<DiagnosticAnalyzer>?)ImmutableArray.Create(analyzer))));
        configurations.Add(("all SharedSockets analyzers", analyzers));

        var medians = await CpuRoundRobin.RunAsync(generated, references, configurations, iterations, serial: false).ConfigureAwait(false);
        var baseline = medians[CpuRoundRobin.Baseline];
        Console.WriteLine();
        Console.WriteLine($"CPU time, median of {iterations} runs after 1 warm-up:");
        Console.WriteLine();
        Console.WriteLine("| Configuration | CPU time | vs. baseline |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, _) in configurations)
        {
            Console.WriteLine($"| {name} | {medians[name] / 1000:0.000} s | {(name == CpuRoundRobin.Baseline ? string.Empty : CpuRoundRobin.Percent(medians[name], baseline))} |");
        }
    }
}
