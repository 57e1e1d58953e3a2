using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// The one-time relevance scan alone (<c>--relevance</c>): its cost cold (new trees, as in a command-line
/// build) and warm (trees already scanned, as in the IDE after an edit), and what it lets through. The
/// telemetry charges this scan to whichever analyzer starts first, so it is measured apart here.
/// </summary>
internal static class RelevanceCost
{
    public static void Run(IReadOnlyList<GeneratedProject> generated, IReadOnlyList<MetadataReference> references, int iterations)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary);
        var cold = new List<TimeSpan>();
        var warm = new List<TimeSpan>();
        SocketRelevance? last = null;
        var declarations = 0;
        var wrappers = new HashSet<string>(StringComparer.Ordinal);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var coldTotal = TimeSpan.Zero;
            var warmTotal = TimeSpan.Zero;
            declarations = 0;
            foreach (var project in generated)
            {
                // Fresh trees: nothing cached from an earlier iteration.
                var trees = project.Files.Select(file => CSharpSyntaxTree.ParseText(file.Text, parseOptions, file.Path)).ToArray();
                var stopwatch = Stopwatch.StartNew();
                last = SocketRelevance.Of(CSharpCompilation.Create(project.Name, trees, references, options));
                coldTotal += stopwatch.Elapsed;
                stopwatch.Restart();
                last = SocketRelevance.Of(CSharpCompilation.Create(project.Name, trees, references, options));
                warmTotal += stopwatch.Elapsed;
                declarations += last.RelevantDeclarationCount;
                wrappers.UnionWith(last.CandidateWrapperNames);
            }

            cold.Add(coldTotal);
            warm.Add(warmTotal);
        }

        Console.WriteLine($"| Relevance scan, cold (new trees) | {Median(cold).TotalMilliseconds:0.0} ms |");
        Console.WriteLine($"| Relevance scan, warm (trees seen before) | {Median(warm).TotalMilliseconds:0.0} ms |");
        Console.WriteLine($"| Relevant type declarations | {declarations:N0} |");
        Console.WriteLine($"| Candidate wrapper names | {wrappers.Count:N0}: {string.Join(", ", wrappers.Order(StringComparer.Ordinal).Take(20))}{(wrappers.Count > 20 ? ", ..." : string.Empty)} |");
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
