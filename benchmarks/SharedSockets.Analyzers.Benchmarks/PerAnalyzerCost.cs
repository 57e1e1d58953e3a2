using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// Where the time goes (<c>--each</c>): the CPU time each analyzer adds when it runs alone, next to the
/// driver-only probe once and five times (the driver's per-analyzer bookkeeping), as medians of a few runs.
/// CPU time, not wall-clock, so that other processes on the machine do not show up as analyzer cost.
/// </summary>
internal static class PerAnalyzerCost
{
    public static async Task RunAsync(IReadOnlyList<GeneratedProject> generated, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, int iterations)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var projects = generated.Select(project => (project.Name, Trees: project.Files.Select(file => CSharpSyntaxTree.ParseText(file.Text, parseOptions, file.Path)).ToArray())).ToArray();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable);

        var configurations = new List<(string Name, ImmutableArray<DiagnosticAnalyzer>? Analyzers)> { ("baseline (no analyzers)", null) };
        configurations.Add(("driver-only probe x1", ImmutableArray.Create<DiagnosticAnalyzer>(new DriverOnlyAnalyzer())));
        configurations.Add(("driver-only probe x5", Enumerable.Range(0, 5).Select(_ => (DiagnosticAnalyzer)new DriverOnlyAnalyzer()).ToImmutableArray()));
        configurations.AddRange(analyzers.Select(analyzer => (analyzer.GetType().Name + " alone", (ImmutableArray<DiagnosticAnalyzer>?)ImmutableArray.Create(analyzer))));
        configurations.Add(("all SharedSockets analyzers", analyzers));

        // Round-robin over the configurations in every iteration, so drift in machine load hits them alike.
        var samples = configurations.ToDictionary(configuration => configuration.Name, _ => new List<double>());
        for (var iteration = 0; iteration < iterations + 1; iteration++)
        {
            foreach (var (name, set) in configurations)
            {
                var cpu = TimeSpan.Zero;
                foreach (var (projectName, trees) in projects)
                {
                    var compilation = CSharpCompilation.Create(projectName, trees, references, options);
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    if (set is { } chosen)
                    {
                        await compilation.WithAnalyzers(chosen, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false)).GetAllDiagnosticsAsync().ConfigureAwait(false);
                    }
                    else
                    {
                        compilation.GetDiagnostics();
                    }

                    cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
                }

                if (iteration > 0)
                {
                    samples[name].Add(cpu.TotalMilliseconds);
                }
            }

            Console.Error.WriteLine($"  iteration {iteration}: " + string.Join(", ", samples.Select(pair => $"{pair.Key} {pair.Value.LastOrDefault():0}")));
        }

        var medians = samples.ToDictionary(pair => pair.Key, pair => pair.Value.OrderBy(value => value).ElementAt(pair.Value.Count / 2));
        var baseline = medians["baseline (no analyzers)"];
        Console.WriteLine();
        Console.WriteLine($"CPU time, median of {iterations} runs after 1 warm-up:");
        Console.WriteLine();
        Console.WriteLine("| Configuration | CPU time | vs. baseline |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, _) in configurations)
        {
            Console.WriteLine($"| {name} | {medians[name] / 1000:0.000} s | {(name.StartsWith("baseline", StringComparison.Ordinal) ? string.Empty : $"{100 * (medians[name] - baseline) / baseline:+0.0;-0.0} %")} |");
        }
    }
}
