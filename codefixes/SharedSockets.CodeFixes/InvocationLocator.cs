using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.CodeFixes;

/// <summary>Finds the invocation a diagnostic (or one of its additional locations) points at.</summary>
internal static class InvocationLocator
{
    public static async Task<InvocationExpressionSyntax?> FindAsync(Document document, Location location, CancellationToken cancellationToken) =>
        (await FindNodeAsync(document, location, cancellationToken).ConfigureAwait(false))?.FirstAncestorOrSelf<InvocationExpressionSyntax>();

    /// <summary>The call a location points at: an invocation, or a <c>new T(…)</c> whose constructor does the work (a role object).</summary>
    public static async Task<ExpressionSyntax?> FindCallAsync(Document document, Location location, CancellationToken cancellationToken) =>
        (await FindNodeAsync(document, location, cancellationToken).ConfigureAwait(false))?
            .FirstAncestorOrSelf<ExpressionSyntax>(node => node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax);

    private static async Task<SyntaxNode?> FindNodeAsync(Document document, Location location, CancellationToken cancellationToken)
    {
        if (!location.IsInSource || location.SourceTree != await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
    }
}
