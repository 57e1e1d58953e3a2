using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Packaging.Tests.Editor.Ide;

/// <summary>One entry of the light bulb: an action a provider offered for a diagnostic.</summary>
public sealed record OfferedFix(Diagnostic Diagnostic, LoadedCodeFix Source, CodeAction Action)
{
    public override string ToString() => $"{Diagnostic.Id}: '{Action.Title}' ({Source.Provider.GetType().Name})";
}

/// <summary>
/// What an IDE computes for one open file: the analyzer diagnostics of that file (from its semantic
/// model, as live analysis runs), the actions each fix provider registers on a diagnostic, and the
/// solution an applied action produces.
/// </summary>
public sealed class LightBulb(IdeProject project)
{
    /// <summary>The analyzers' diagnostics in <paramref name="document"/>; an analyzer that throws fails the call.</summary>
    public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{document.Project.Name} has no compilation.");
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{document.FilePath} has no syntax tree.");
        var failures = new ConcurrentQueue<string>();
        var analysis = compilation.WithAnalyzers(
            [.. project.Analyzers],
            new CompilationWithAnalyzersOptions(
                document.Project.AnalyzerOptions,
                onAnalyzerException: (exception, analyzer, _) => failures.Enqueue($"{analyzer.GetType().FullName}: {exception}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false));

        var model = compilation.GetSemanticModel(tree);
        var syntax = await analysis.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false);
        var semantic = await analysis.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false);
        if (!failures.IsEmpty)
        {
            throw new InvalidOperationException("Analyzers threw:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }

        return [.. syntax, .. semantic];
    }

    /// <summary>Every action any loaded provider offers for <paramref name="diagnostic"/>, in provider then registration order.</summary>
    public async Task<IReadOnlyList<OfferedFix>> FixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var offered = new List<OfferedFix>();
        foreach (var fix in project.CodeFixes.Fixes.Where(f => f.Provider.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(
                document,
                diagnostic,
                (action, _) =>
                {
                    lock (offered)
                    {
                        offered.Add(new OfferedFix(diagnostic, fix, action));
                    }
                },
                cancellationToken);
            await fix.Provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }

        return offered;
    }

    /// <summary>The solution after the user picks <paramref name="fix"/> (its apply-changes operation).</summary>
    public static async Task<Solution> ApplyAsync(OfferedFix fix, CancellationToken cancellationToken)
    {
        var operations = await fix.Action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().ToList();
        if (apply.Count != 1)
        {
            throw new InvalidOperationException($"{fix} produced {apply.Count} solution changes (operations: {string.Join(", ", operations.Select(o => o.GetType().Name))}).");
        }

        return apply[0].ChangedSolution;
    }
}
