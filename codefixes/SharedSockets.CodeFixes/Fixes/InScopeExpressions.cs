using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// Whether an expression written at one place (the earlier descriptor, the active registration's socket)
/// can be written again at another and still denote the same thing: only names, member accesses, casts
/// and SOCKET-struct wrappers, and every name must bind to the same symbol there (a local must already
/// be declared). Fixes that move such an expression verify it with this instead of trusting the text.
/// </summary>
internal static class InScopeExpressions
{
    public static bool IsReusable(ExpressionSyntax expression, SemanticModel model) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax or LiteralExpressionSyntax => true,
        MemberAccessExpressionSyntax member => IsReusable(member.Expression, model),
        ParenthesizedExpressionSyntax parenthesized => IsReusable(parenthesized.Expression, model),
        CastExpressionSyntax cast => IsReusable(cast.Expression, model),
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang => IsReusable(bang.Operand, model),
        // new SOCKET(raw): CsWin32/Vanara wrap the descriptor in a struct; making another wrapper copies no state.
        ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1, Initializer: null } creation =>
            SocketFixModel.IsSocketStruct(model.GetTypeInfo(creation).Type)
            && IsReusable(creation.ArgumentList.Arguments[0].Expression, model),
        _ => false,
    };

    /// <summary>
    /// Whether every name of <paramref name="expression"/> (bound in <paramref name="origin"/>) binds to the
    /// same symbol when written at <paramref name="position"/> of <paramref name="target"/>.
    /// </summary>
    public static bool BindsTheSameAt(ExpressionSyntax expression, SemanticModel origin, SemanticModel target, int position, CancellationToken cancellationToken)
    {
        foreach (var name in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            // Only the leftmost name of a member access is looked up in scope; the rest follow from it.
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                continue;
            }

            var symbol = origin.GetSymbolInfo(name, cancellationToken).Symbol;
            if (symbol is null)
            {
                return false;
            }

            var there = target.GetSpeculativeSymbolInfo(position, SyntaxFactory.IdentifierName(name.Identifier.ValueText), SpeculativeBindingOption.BindAsExpression).Symbol;
            if (!SymbolEqualityComparer.Default.Equals(symbol, there))
            {
                return false;
            }

            if (symbol is ILocalSymbol local && !IsDeclaredBefore(local, target.SyntaxTree, position, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDeclaredBefore(ILocalSymbol local, SyntaxTree tree, int position, CancellationToken cancellationToken)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree && reference.GetSyntax(cancellationToken).Span.End <= position)
            {
                return true;
            }
        }

        return false;
    }
}
