using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Tests.Meta;
using SharedSockets.Analyzers.Tests.Verifiers;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// Runs every shipped analyzer over code that may not compile and reports what went wrong in the
/// analyzers themselves: exceptions (which the IDE and csc turn into AD0001 warnings and a silently
/// disabled rule) and runs that never finish. Compiler errors and the rules' own diagnostics are fine.
/// </summary>
internal static class AnalyzerCrashProbe
{
    /// <summary>Generous: a run takes milliseconds; only a hang or a runaway loop gets anywhere near it.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ShippedAnalyzers.CreateAnalyzers();

    public static CSharpParseOptions ParseOptions(params string[] preprocessorSymbols) =>
        new(LanguageVersion.Preview, DocumentationMode.Parse, SourceCodeKind.Regular, preprocessorSymbols);

    public static SyntaxTree Parse(string text, string path = "Test.cs", CSharpParseOptions? options = null) =>
        CSharpSyntaxTree.ParseText(text, options ?? ParseOptions(), path);

    /// <summary>The analyzer failures on <paramref name="sources"/> (path, text) pairs; empty when none.</summary>
    public static Task<IReadOnlyList<string>> RunAsync(params (string Path, string Text)[] sources) =>
        RunAsync(sources.Select(source => Parse(source.Text, source.Path)), OutputKind.DynamicallyLinkedLibrary);

    public static Task<IReadOnlyList<string>> RunAsync(string source) => RunAsync(("Test.cs", source));

    public static Task<IReadOnlyList<string>> RunAsync(IEnumerable<SyntaxTree> trees, OutputKind outputKind) =>
        RunAsync(trees, outputKind, Analyzers);

    public static async Task<IReadOnlyList<string>> RunAsync(IEnumerable<SyntaxTree> trees, OutputKind outputKind, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = CSharpCompilation.Create(
            "Robustness",
            trees,
            TestReferences.Net,
            new CSharpCompilationOptions(outputKind, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        var failures = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) =>
                failures.Enqueue($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}{Environment.NewLine}{TopFrames(exception)}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);

        var analysis = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        if (await Task.WhenAny(analysis, Task.Delay(HangLimit)).ConfigureAwait(false) != analysis)
        {
            return new[] { $"The analyzers did not finish within {HangLimit.TotalSeconds:0} s (hang or runaway loop)." };
        }

        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            diagnostics = await analysis.ConfigureAwait(false);
        }
        catch (Exception exception) when (CompilerAloneThrows(compilation))
        {
            // The compiler itself crashes on this input, with no analyzer loaded: not an analyzer failure.
            var input = compilation.SyntaxTrees.LastOrDefault()?.ToString() ?? string.Empty;
            CompilerCrashes.Enqueue($"{Innermost(exception).GetType().Name}: {Innermost(exception).Message}{Environment.NewLine}{TopFrames(Innermost(exception))}{Environment.NewLine}--- input (last tree):{Environment.NewLine}{input}");
            return Array.Empty<string>();
        }

        foreach (var diagnostic in diagnostics)
        {
            // AD0001: analyzer exception; AD0002: analyzer reported an unsupported/invalid diagnostic.
            if (diagnostic.Id.StartsWith("AD", StringComparison.Ordinal))
            {
                failures.Enqueue($"{diagnostic.Id}: {diagnostic.GetMessage()}");
            }
            else if (diagnostic.Location.IsInSource && !compilation.ContainsSyntaxTree(diagnostic.Location.SourceTree))
            {
                failures.Enqueue($"{diagnostic.Id} reported in a tree outside the compilation: {diagnostic}");
            }
        }

        return failures.Distinct().ToArray();
    }

    /// <summary>Inputs on which Roslyn itself threw (without analyzers); reported by the fuzzer, not counted as analyzer failures.</summary>
    public static ConcurrentQueue<string> CompilerCrashes { get; } = new();

    private static bool CompilerAloneThrows(Compilation compilation)
    {
        try
        {
            compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees).GetDiagnostics();
            return false;
        }
        catch (Exception)
        {
            return true;
        }
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception.InnerException is { } inner && exception is not NullReferenceException ? Innermost(inner) : exception;
    }

    private static string TopFrames(Exception exception) =>
        string.Join(Environment.NewLine, (exception.StackTrace ?? string.Empty).Split('\n').Take(8).Select(line => line.TrimEnd()));
}
