using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.FixSupport;

namespace SharedSockets.CodeFixes.FixAll;

/// <summary>
/// Fix All, the one way for every rule: the single fixes of the scope, applied one after another in
/// source order, each to the code the previous ones left. Before each fix the rule is asked again, so a
/// fix sees fresh additional locations and flow facts, and a diagnostic that an earlier fix resolved (or
/// whose code it removed) is skipped; one that had no fix yet is tried again in a further pass, as long as
/// a pass fixes something. Fix All therefore does what applying the single fixes one by one does, and a
/// fix's safety checks run on every step.
/// </summary>
internal sealed class SocketFixAllProvider : FixAllProvider
{
    public static readonly SocketFixAllProvider Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        // Without a key, or with the providers' FirstFixKey (what dotnet format passes: the key of the first
        // action it met), each diagnostic gets its first fix, as a user picking the first entry of every light
        // bulb would; with a kind's key, that kind wherever it is offered.
        if (fixAllContext.CodeFixProvider is not SocketCodeFixProvider provider)
        {
            return null;
        }

        var key = fixAllContext.CodeActionEquivalenceKey;

        var diagnostics = await InScopeAsync(fixAllContext, provider).ConfigureAwait(false);
        if (diagnostics.IsEmpty)
        {
            return null;
        }

        return CodeAction.Create(
            provider.FixAllTitle(key),
            cancellationToken => FixOneByOneAsync(fixAllContext.Solution, provider, key, diagnostics, cancellationToken),
            key);
    }

    private static async Task<Solution> FixOneByOneAsync(Solution solution, SocketCodeFixProvider provider, string? key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var tracked = new List<(SyntaxAnnotation Mark, string Id)>();
        var ordered = diagnostics
            .Where(diagnostic => diagnostic.Location.SourceTree is not null)
            .OrderBy(diagnostic => diagnostic.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(diagnostic => diagnostic.Location.SourceSpan.Start);
        foreach (var group in ordered.GroupBy(diagnostic => diagnostic.Location.SourceTree!))
        {
            if (solution.GetDocument(group.Key) is not { } document || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            foreach (var diagnostic in group)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var mark = new SyntaxAnnotation();
                (marks.TryGetValue(node, out var list) ? list : marks[node] = new List<SyntaxAnnotation>()).Add(mark);
                tracked.Add((mark, diagnostic.Id));
            }

            root = root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));
            solution = solution.WithDocumentSyntaxRoot(document.Id, root);
        }

        // A diagnostic with no fix yet may get one once a later one is fixed (a use after it removed): passes
        // repeat over those left, as applying the first offered fix again and again would, until one fixes nothing.
        var analysis = new AnalysisCache();
        for (var fixedAny = true; fixedAny && tracked.Count > 0;)
        {
            fixedAny = false;
            var left = new List<(SyntaxAnnotation Mark, string Id)>();
            foreach (var (mark, id) in tracked)
            {
                if (await CurrentAsync(solution, mark, id, analysis, cancellationToken).ConfigureAwait(false) is not { } current)
                {
                    continue;
                }

                if (await SingleFixAsync(current.Document, current.Diagnostic, provider, key, cancellationToken).ConfigureAwait(false) is not { } fixedSolution)
                {
                    left.Add((mark, id));
                    continue;
                }

                solution = fixedSolution;
                fixedAny = true;
            }

            tracked = left;
        }

        return solution;
    }

    /// <summary>The rule's diagnostic at the marked place of the code as it is now, or null when there is none any more.</summary>
    private static async Task<(Document Document, Diagnostic Diagnostic)?> CurrentAsync(Solution solution, SyntaxAnnotation mark, string id, AnalysisCache analysis, CancellationToken cancellationToken)
    {
        foreach (var document in solution.Projects.SelectMany(project => project.Documents))
        {
            if (!document.TryGetSyntaxRoot(out var root) && (root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false)) is null)
            {
                continue;
            }

            if (root.GetAnnotatedNodes(mark).FirstOrDefault() is not { } node)
            {
                continue;
            }

            foreach (var diagnostic in await analysis.DiagnosticsAsync(document.Project, id, cancellationToken).ConfigureAwait(false))
            {
                if (diagnostic.Id == id
                    && diagnostic.Location.SourceTree == root.SyntaxTree
                    && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) == node)
                {
                    return (document, diagnostic);
                }
            }

            return null;
        }

        return null;
    }

    /// <summary>The solution after the provider's single fix with <paramref name="key"/> (null: its first fix) for <paramref name="diagnostic"/>, or null when none is offered.</summary>
    private static async Task<Solution?> SingleFixAsync(Document document, Diagnostic diagnostic, CodeFixProvider provider, string? key, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        if (actions.FirstOrDefault(action => action is SocketCodeAction socketAction ? socketAction.Matches(key) : key is null || action.EquivalenceKey == key) is not { } chosen)
        {
            return null;
        }

        foreach (var operation in await chosen.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (operation is ApplyChangesOperation apply)
            {
                return apply.ChangedSolution;
            }
        }

        return null;
    }

    private static async Task<ImmutableArray<Diagnostic>> InScopeAsync(FixAllContext context, CodeFixProvider provider)
    {
        var projects = context.Scope switch
        {
            FixAllScope.Solution => context.Solution.Projects.ToArray(),
            _ => new[] { context.Project },
        };

        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var project in projects)
        {
            var diagnostics = context.Scope == FixAllScope.Document && context.Document is not null
                ? await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false)
                : await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
            all.AddRange(diagnostics.Where(diagnostic => provider.FixableDiagnosticIds.Contains(diagnostic.Id)));
        }

        return all.ToImmutable();
    }

    /// <summary>The rule's diagnostics of a project, computed again only when the project changed.</summary>
    private sealed class AnalysisCache
    {
        private readonly Dictionary<(ProjectId, string), (VersionStamp Version, ImmutableArray<Diagnostic> Diagnostics)> known = new();

        public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project, string id, CancellationToken cancellationToken)
        {
            var version = await project.GetDependentVersionAsync(cancellationToken).ConfigureAwait(false);
            if (known.TryGetValue((project.Id, id), out var cached) && cached.Version == version)
            {
                return cached.Diagnostics;
            }

            var analyzers = RuleAnalyzers.For(id);
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var diagnostics = compilation is null || analyzers.IsEmpty
                ? ImmutableArray<Diagnostic>.Empty
                : await compilation
                    .WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
                    .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            known[(project.Id, id)] = (version, diagnostics);
            return diagnostics;
        }
    }
}
