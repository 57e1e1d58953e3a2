using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>What applying fixes did: the resulting project and which actions were seen.</summary>
/// <param name="Project">The project after the last applied fix.</param>
/// <param name="AppliedFixes">How many code actions (or Fix All actions) changed the code.</param>
/// <param name="OfferedActions">Every action offered along the way, to explain a fix that was not applied.</param>
internal sealed record FixOutcome(Project Project, int AppliedFixes, IReadOnlyList<string> OfferedActions);

/// <summary>
/// Applies a fixer's actions like a user would: one diagnostic at a time, re-analysing between
/// fixes, or with Fix All in a scope. Both stop when nothing fixable is left, and fail when
/// fixes keep coming after <see cref="MaxIterations"/> rounds (a fix that never converges);
/// one at a time, the bound grows to twice the diagnostics there were, so big tests still fit.
/// </summary>
internal sealed class CodeFixRunner
{
    public const int MaxIterations = 20;

    private readonly AnalyzerRunner analyzers;
    private readonly CodeFixProvider fixer;
    private readonly string? equivalenceKey;

    public CodeFixRunner(AnalyzerRunner analyzers, CodeFixProvider fixer, string? equivalenceKey)
    {
        this.analyzers = analyzers;
        this.fixer = fixer;
        this.equivalenceKey = equivalenceKey;
        FixableIds = fixer.FixableDiagnosticIds.Where(analyzers.SupportedIds.Contains).ToImmutableHashSet(StringComparer.Ordinal);
    }

    /// <summary>Ids both reported by the analyzers under test and fixed by the fixer.</summary>
    public ImmutableHashSet<string> FixableIds { get; }

    public async Task<FixOutcome> FixOneAtATimeAsync(Project project, CancellationToken cancellationToken)
    {
        var offered = new List<string>();
        var initial = (await GetFixableDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false)).Count();
        var limit = Math.Max(MaxIterations, 2 * initial);
        for (var applied = 0; applied < limit; applied++)
        {
            var next = await FindNextFixAsync(project, offered, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return new FixOutcome(project, applied, offered);
            }

            var (action, diagnostic) = next.Value;
            var changed = await CodeActionCollector.ApplyAsync(action, cancellationToken).ConfigureAwait(false);
            if (changed is null || !await HasTextChangesAsync(project.Solution, changed, cancellationToken).ConfigureAwait(false))
            {
                Assert.Fail($"The code action {CodeActionCollector.Describe(action)} offered for {DiagnosticFormatter.FormatOneLine(diagnostic)} changes nothing.");
            }

            project = changed!.GetProject(project.Id)!;
        }

        await FailIfStillFixableAsync(project, offered, limit, "one at a time", cancellationToken).ConfigureAwait(false);
        return new FixOutcome(project, limit, offered);
    }

    public async Task<FixOutcome> FixAllAsync(Project project, FixAllScope scope, CancellationToken cancellationToken)
    {
        var fixAllProvider = fixer.GetFixAllProvider()
            ?? throw new InvalidOperationException($"Test error: {fixer.GetType().Name} has no FixAllProvider (GetFixAllProvider() returned null), so Fix All cannot be verified.");
        if (!fixAllProvider.GetSupportedFixAllScopes().Contains(scope))
        {
            Assert.Fail($"{fixer.GetType().Name}'s Fix All provider does not support FixAllScope.{scope}.");
        }

        var diagnosticProvider = new TestDiagnosticProvider(analyzers, FixableIds);
        var offered = new List<string>();
        for (var applied = 0; applied < MaxIterations; applied++)
        {
            // Fix All starts from a diagnostic the user invoked it on; its action fixes the rest of the scope.
            var next = await FindNextFixAsync(project, offered, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return new FixOutcome(project, applied, offered);
            }

            var (firstAction, diagnostic) = next.Value;
            var document = project.Solution.GetDocument(diagnostic.Location.SourceTree)!;
            var context = new FixAllContext(
                document,
                fixer,
                scope,
                firstAction.EquivalenceKey,
                FixableIds,
                diagnosticProvider,
                cancellationToken);

            var fixAll = await fixAllProvider.GetFixAsync(context).ConfigureAwait(false);
            var changed = fixAll is null ? null : await CodeActionCollector.ApplyAsync(fixAll, cancellationToken).ConfigureAwait(false);
            if (changed is null || !await HasTextChangesAsync(project.Solution, changed, cancellationToken).ConfigureAwait(false))
            {
                // The provider declined what is left (e.g. diagnostics it cannot fix): that is the result.
                return new FixOutcome(project, applied, offered);
            }

            project = changed.GetProject(project.Id)!;
        }

        await FailIfStillFixableAsync(project, offered, MaxIterations, $"with Fix All ({scope})", cancellationToken).ConfigureAwait(false);
        return new FixOutcome(project, MaxIterations, offered);
    }

    /// <summary>Every action offered for a fixable diagnostic (filtered by the equivalence key when one is set).</summary>
    public async Task<IReadOnlyList<string>> GetOfferedActionsAsync(Project project, CancellationToken cancellationToken)
    {
        var offered = new List<string>();
        foreach (var diagnostic in await GetFixableDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false))
        {
            var actions = await CodeActionCollector.GetActionsAsync(fixer, project.Solution, diagnostic, cancellationToken).ConfigureAwait(false);
            offered.AddRange(actions
                .Where(action => equivalenceKey is null || action.EquivalenceKey == equivalenceKey)
                .Select(action => $"{CodeActionCollector.Describe(action)} for {DiagnosticFormatter.FormatOneLine(diagnostic)}"));
        }

        return offered;
    }

    /// <summary>The first fixable diagnostic (in source order) the fixer offers the wanted action for.</summary>
    private async Task<(CodeAction Action, Diagnostic Diagnostic)?> FindNextFixAsync(
        Project project,
        List<string> offered,
        CancellationToken cancellationToken)
    {
        foreach (var diagnostic in await GetFixableDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false))
        {
            var actions = await CodeActionCollector.GetActionsAsync(fixer, project.Solution, diagnostic, cancellationToken).ConfigureAwait(false);
            foreach (var description in actions.Select(CodeActionCollector.Describe))
            {
                if (!offered.Contains(description))
                {
                    offered.Add(description);
                }
            }

            var action = CodeActionCollector.Pick(actions, equivalenceKey);
            if (action is not null)
            {
                return (action, diagnostic);
            }
        }

        return null;
    }

    private async Task<IEnumerable<Diagnostic>> GetFixableDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        var diagnostics = await analyzers.GetDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
        return diagnostics.Where(diagnostic => FixableIds.Contains(diagnostic.Id) && diagnostic.Location.IsInSource);
    }

    private async Task FailIfStillFixableAsync(Project project, List<string> offered, int rounds, string how, CancellationToken cancellationToken)
    {
        if (await FindNextFixAsync(project, offered, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        var remaining = (await GetFixableDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false)).ToList();
        var message = new StringBuilder()
            .AppendLine($"Fixing {how} did not converge: after {rounds} rounds the fixer still offers fixes for:");
        foreach (var diagnostic in remaining)
        {
            message.Append("  ").AppendLine(DiagnosticFormatter.FormatOneLine(diagnostic));
        }

        message.AppendLine().Append(await DiagnosticFormatter.RenderSourcesAsync(project, remaining, cancellationToken).ConfigureAwait(false));
        Assert.Fail(message.ToString());
    }

    private static async Task<bool> HasTextChangesAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var oldText = await before.GetDocument(documentId)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var newText = await after.GetDocument(documentId)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (!oldText.ContentEquals(newText))
                {
                    return true;
                }
            }

            if (projectChanges.GetAddedDocuments().Any() || projectChanges.GetRemovedDocuments().Any())
            {
                return true;
            }
        }

        return false;
    }
}
