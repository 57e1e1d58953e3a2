using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.CodeFixes;

/// <summary>Finds the invocation a diagnostic (or one of its additional locations) points at.</summary>
internal static class InvocationLocator
{
    public static async Task<InvocationExpressionSyntax?> FindAsync(Document document, Location location, CancellationToken cancellationToken)
    {
        if (!location.IsInSource || location.SourceTree != await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        return node?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
    }
}
