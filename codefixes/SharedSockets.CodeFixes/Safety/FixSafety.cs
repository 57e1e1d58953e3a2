using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.CodeFixes.Safety;

/// <summary>
/// The safety policy of every fix (DESIGN.md §3), checked before a fix is registered, on the model's flow
/// facts. A fix is applied in bulk without being read, so it must never make a path that was correct do
/// something else:
/// <list type="number">
/// <item>a statement is removed only when every path to it ran what makes it invalid or redundant
/// (<see cref="MayRemove"/>): a statement that also runs on a path where it is valid is guarded, moved, or left;</item>
/// <item>a descriptor is closed, shut down, or its registration cleared, only when the same code does not
/// use it (or the registration's event object or window) afterwards (<see cref="IsUnusedAfter(ExpressionSyntax, SyntaxNode, SemanticModel, CancellationToken, SyntaxNode[])"/>).
/// Its one allowance: a clear may stand before a later registration of the same socket with the same target
/// (<see cref="IsTargetOnlyReRegisteredAfter"/>), which makes the registration again rather than waits on it.</item>
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

    /// <summary>
    /// Rule 2 for clearing a registration, with its one allowance: after <paramref name="point"/> the target is
    /// used, if at all, only as the target argument of a registration (WSAEventSelect/WSAAsyncSelect with a
    /// mask) of the same socket storage as <paramref name="registeredSocket"/>. Such a use makes the registration
    /// again (the loop that re-registers at the end of each pass); it does not wait on the target, so clearing
    /// first starves no one. Any other use (a wait, <c>WSAEnumNetworkEvents</c>, a registration of another
    /// socket, a helper that takes the target, a new value) still counts as used. Both expressions are read
    /// with <paramref name="targetModel"/>, the model of the registration being cleared.
    /// </summary>
    public static bool IsTargetOnlyReRegisteredAfter(
        ExpressionSyntax target, ExpressionSyntax? registeredSocket, SemanticModel targetModel, SyntaxNode point, SemanticModel model, CancellationToken cancellationToken)
    {
        if (StorageOf(target, targetModel, cancellationToken) is not { } storage
            || registeredSocket is null
            || StorageOf(registeredSocket, targetModel, cancellationToken) is not { } socket)
        {
            return IsTargetUnusedAfter(target, targetModel, point, model, cancellationToken);
        }

        return model.GetOperation(point, cancellationToken) is { } operation
            && FixFlow.UsesAfter(storage, point, FixFlow.BodyOf(operation))
                .All(use => IsTargetOfRegistration(use.Syntax, storage, socket, model, cancellationToken));
    }

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

    /// <summary>
    /// Whether <paramref name="use"/> is (inside) the event-object or window argument of a registration written
    /// here, directly (not through a wrapper, which could also wait), whose target is <paramref name="target"/>
    /// and whose socket is <paramref name="socket"/>.
    /// </summary>
    private static bool IsTargetOfRegistration(SyntaxNode use, ISymbol target, ISymbol socket, SemanticModel model, CancellationToken cancellationToken)
    {
        if (use.FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent.Parent: InvocationExpressionSyntax invocation } argument
            || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
            || model.GetOperation(invocation, cancellationToken) is not { } operation)
        {
            return false;
        }

        return SocketFixModel.For(model.Compilation).BindDirect(operation).Any(call =>
            SocketFixModel.IsRegistration(call)
            && call[ArgumentRole.Socket]?.Syntax is ExpressionSyntax registered
            && SymbolEqualityComparer.Default.Equals(StorageOf(registered, model, cancellationToken), socket)
            && new[] { ArgumentRole.EventObject, ArgumentRole.Window }.Any(role =>
                call[role]?.Syntax is ExpressionSyntax argumentValue
                && argumentValue.Span.Contains(use.Span)
                && argument.Expression.Span.Contains(argumentValue.Span)
                && SymbolEqualityComparer.Default.Equals(StorageOf(argumentValue, model, cancellationToken), target)));
    }
}
