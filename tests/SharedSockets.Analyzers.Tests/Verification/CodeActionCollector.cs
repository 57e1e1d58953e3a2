using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>Asks a fixer for its actions on one diagnostic, the way the IDE's light bulb does.</summary>
internal static class CodeActionCollector
{
    /// <summary>
    /// The actions the fixer registers for <paramref name="diagnostic"/>, with nested (grouped)
    /// actions flattened: a group itself cannot be applied, its children can.
    /// </summary>
    public static async Task<ImmutableArray<CodeAction>> GetActionsAsync(
        CodeFixProvider fixer,
        Solution solution,
        Diagnostic diagnostic,
        CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(diagnostic.Location.SourceTree);
        if (document is null)
        {
            return ImmutableArray<CodeAction>.Empty;
        }

        var registered = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => registered.Add(action), cancellationToken);
        await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);

        var flattened = ImmutableArray.CreateBuilder<CodeAction>();
        foreach (var action in registered)
        {
            Flatten(action, flattened);
        }

        return flattened.ToImmutable();
    }

    /// <summary>The action with the wanted equivalence key, or the first one when no key is wanted.</summary>
    public static CodeAction? Pick(IEnumerable<CodeAction> actions, string? equivalenceKey) =>
        equivalenceKey is null
            ? actions.FirstOrDefault()
            : actions.FirstOrDefault(action => action.EquivalenceKey == equivalenceKey);

    public static string Describe(CodeAction action) =>
        $"'{action.Title}' (equivalence key: {action.EquivalenceKey ?? "none"})";

    /// <summary>Applies the action's changes to the solution; null when it has none to apply.</summary>
    public static async Task<Solution?> ApplyAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        Solution? changed = null;
        foreach (var operation in operations.OfType<ApplyChangesOperation>())
        {
            changed = operation.ChangedSolution;
        }

        return changed;
    }

    private static void Flatten(CodeAction action, ImmutableArray<CodeAction>.Builder into)
    {
        if (action.NestedActions.IsDefaultOrEmpty)
        {
            into.Add(action);
            return;
        }

        foreach (var nested in action.NestedActions)
        {
            Flatten(nested, into);
        }
    }
}
