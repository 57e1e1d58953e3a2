using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedSockets.Analyzers.FixSupport;

namespace SharedSockets.CodeFixes.Safety;

/// <summary>
/// The safety policy of every fix (DESIGN.md §3), checked before a fix is registered, on the model's flow
/// facts. A fix is applied in bulk without being read, so it must never make a path that was correct do
/// something else:
/// <list type="number">
/// <item>a statement is removed only when every path to it ran what makes it invalid or redundant
/// (<see cref="MayRemove"/>): a statement that also runs on a path where it is valid is guarded, moved, or left;</item>
/// <item>a descriptor is closed, shut down, or its registration cleared, only when the same code does not
/// use it (or the registration's event object or window) afterwards (<see cref="IsUnusedAfter(ExpressionSyntax, SyntaxNode, SemanticModel, CancellationToken, SyntaxNode[])"/>).</item>
/// </list>
/// When no safe edit exists the fix offers nothing: a missing fix is better than a wrong one.
/// </summary>
internal static class FixSafety
{
    /// <summary>
    /// Rule 1: whether <paramref name="statement"/> may be deleted because <paramref name="cause"/> (a hand-off,
    /// an earlier set of the same value) makes it invalid or redundant: only when <paramref name="cause"/> runs on
    /// every path to it.
    /// </summary>
    public static bool MayRemove(StatementSyntax statement, SyntaxNode cause) =>
        cause.SyntaxTree == statement.SyntaxTree && FixFlow.AlwaysRunsBefore(cause, statement);

    /// <summary>
    /// Rule 2: whether the descriptor <paramref name="value"/> stands for (a local, parameter, field or property)
    /// is used nowhere in the same body after <paramref name="point"/>, except inside <paramref name="allowed"/>
    /// (e.g. the close a shutdown is replaced by). A descriptor the model cannot name counts as used.
    /// </summary>
    public static bool IsUnusedAfter(ExpressionSyntax value, SyntaxNode point, SemanticModel model, CancellationToken cancellationToken, params SyntaxNode[] allowed) =>
        StorageOf(value, model, cancellationToken) is { } storage && IsUnusedAfter(storage, point, model, cancellationToken, allowed);

    /// <summary>
    /// Rule 2 for a registration's target (event object, window): unused after <paramref name="point"/>. A target
    /// made in the call itself (<c>WSACreateEvent()</c>) is held by no one else, so nothing can wait on it later.
    /// </summary>
    public static bool IsTargetUnusedAfter(ExpressionSyntax target, SemanticModel targetModel, SyntaxNode point, SemanticModel model, CancellationToken cancellationToken) =>
        StorageOf(target, targetModel, cancellationToken) is { } storage
            ? IsUnusedAfter(storage, point, model, cancellationToken)
            : target is InvocationExpressionSyntax or ObjectCreationExpressionSyntax or LiteralExpressionSyntax or DefaultExpressionSyntax;

    /// <summary>Whether <paramref name="storage"/> is read or written after <paramref name="point"/> in the same body, outside <paramref name="allowed"/>.</summary>
    public static bool IsUnusedAfter(ISymbol storage, SyntaxNode point, SemanticModel model, CancellationToken cancellationToken, params SyntaxNode[] allowed)
    {
        if (model.GetOperation(point, cancellationToken) is not { } operation)
        {
            return false;
        }

        return !FixFlow.UsesAfter(storage, point, FixFlow.BodyOf(operation))
            .Any(use => !allowed.Any(node => node.Span.Contains(use.Syntax.Span)));
    }

    /// <summary>
    /// The local, parameter, field or property a descriptor expression stands for: <c>s</c>, <c>socket.Handle</c>,
    /// <c>(nint)socket.Value</c>, <c>this.listener</c>.
    /// </summary>
    public static ISymbol? StorageOf(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var current = value; current is not null;)
        {
            if (model.GetOperation(current, cancellationToken) is { } operation && FixFlow.StorageOf(operation) is { } storage)
            {
                return storage;
            }

            current = current switch
            {
                MemberAccessExpressionSyntax member => member.Expression,
                CastExpressionSyntax cast => cast.Expression,
                ParenthesizedExpressionSyntax parenthesized => parenthesized.Expression,
                PostfixUnaryExpressionSyntax bang => bang.Operand,
                _ => null,
            };
        }

        return null;
    }
}
