using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using SharedSockets.CodeFixes.Fixes;

namespace SharedSockets.CodeFixes;

/// <summary>
/// Invocations to replace, possibly across documents (a wrapper may live in another file), applied
/// in one pass per document. A single fix and Fix All build the same plan, so Fix All never merges
/// overlapping edits of two diagnostics that touch the same call.
/// </summary>
internal sealed class InvocationRewritePlan
{
    private readonly Dictionary<DocumentId, Dictionary<InvocationExpressionSyntax, ExpressionSyntax>> edits = new();

    public bool IsEmpty => edits.Count == 0;

    public bool Contains(DocumentId document, InvocationExpressionSyntax invocation) =>
        edits.TryGetValue(document, out var replacements) && replacements.ContainsKey(invocation);

    public ExpressionSyntax? ReplacementOf(DocumentId document, InvocationExpressionSyntax invocation) =>
        edits.TryGetValue(document, out var replacements) && replacements.TryGetValue(invocation, out var replacement) ? replacement : null;

    public void Replace(DocumentId document, InvocationExpressionSyntax invocation, ExpressionSyntax replacement)
    {
        if (!edits.TryGetValue(document, out var replacements))
        {
            replacements = new Dictionary<InvocationExpressionSyntax, ExpressionSyntax>();
            edits[document] = replacements;
        }

        replacements[invocation] = replacement;
    }

    public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        foreach (var pair in edits)
        {
            var document = solution.GetDocument(pair.Key);
            if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var replacements = pair.Value;
            var newRoot = root.ReplaceNodes(
                replacements.Keys,
                (original, _) => replacements[original].WithTriviaFrom(original).WithAdditionalAnnotations(Formatter.Annotation));
            document = document.WithSyntaxRoot(newRoot);
            document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await FixFormatting.FormatAnnotatedAsync(document, cancellationToken).ConfigureAwait(false);
            solution = document.Project.Solution;
        }

        return solution;
    }

    public IEnumerable<DocumentId> Documents => edits.Keys.ToArray();
}
