using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// CPU time of several analyzer configurations over the same parsed projects, round-robin in every
/// iteration (so drift in machine load hits them alike), as medians. CPU time, not wall-clock, so that
/// other processes on the machine do not show up as analyzer cost. Serial runs (one compiler thread,
/// non-concurrent analysis) trade speed for much smaller run-to-run noise.
/// </summary>
internal static class CpuRoundRobin
{
    public const string Baseline = "baseline (no analyzers)";

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync(
        IReadOnlyList<GeneratedProject> generated,
        ImmutableArray<MetadataReference> references,
        IReadOnlyList<(string Name, ImmutableArray<DiagnosticAnalyzer>? Analyzers)> configurations,
        int iterations,
        bool serial)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var projects = generated.Select(project => (project.Name, Trees: project.Files.Select(file => CSharpSyntaxTree.ParseText(file.Text, parseOptions, file.Path)).ToArray())).ToArray();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: !serial);

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
                        var analyzerOptions = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: !serial, logAnalyzerExecutionTime: false);
                        await compilation.WithAnalyzers(chosen, analyzerOptions).GetAllDiagnosticsAsync().ConfigureAwait(false);
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

        return samples.ToDictionary(pair => pair.Key, pair => pair.Value.OrderBy(value => value).ElementAt(pair.Value.Count / 2));
    }

    public static string Percent(double value, double reference) => $"{100 * (value - reference) / reference:+0.00;-0.00} %";
}
