using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.Analyzers.Model;

/// <summary>Syntax facts about whether two statements can both run in one pass through a body.</summary>
internal static class BranchRelations
{
    /// <summary>
    /// True when <paramref name="left"/> and <paramref name="right"/> sit in different arms of one
    /// <c>if</c>/<c>else</c>, <c>switch</c> section, conditional or switch-expression: only one runs.
    /// </summary>
    public static bool AreMutuallyExclusive(SyntaxNode left, SyntaxNode right)
    {
        if (left.SyntaxTree != right.SyntaxTree)
        {
            return false;
        }

        for (var ancestor = left.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (!ancestor.Span.Contains(right.Span))
            {
                continue;
            }

            var leftArm = ArmContaining(ancestor, left);
            var rightArm = ArmContaining(ancestor, right);
            if (leftArm is not null && rightArm is not null && leftArm != rightArm)
            {
                return true;
            }

            // Lambdas and local functions run on their own schedule: no exclusion beyond them.
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return false;
            }
        }

        return false;
    }

    private static SyntaxNode? ArmContaining(SyntaxNode branch, SyntaxNode node) => branch switch
    {
        IfStatementSyntax ifStatement => Pick(node, ifStatement.Statement, ifStatement.Else),
        ConditionalExpressionSyntax conditional => Pick(node, conditional.WhenTrue, conditional.WhenFalse),
        SwitchStatementSyntax switchStatement => FindContaining(node, switchStatement.Sections),
        SwitchExpressionSyntax switchExpression => FindContaining(node, switchExpression.Arms),
        _ => null,
    };

    private static SyntaxNode? Pick(SyntaxNode node, SyntaxNode first, SyntaxNode? second) =>
        first.Span.Contains(node.Span) ? first
        : second is not null && second.Span.Contains(node.Span) ? second
        : null;

    private static SyntaxNode? FindContaining<T>(SyntaxNode node, SyntaxList<T> arms) where T : SyntaxNode
    {
        foreach (var arm in arms)
        {
            if (arm.Span.Contains(node.Span))
            {
                return arm;
            }
        }

        return null;
    }

    private static SyntaxNode? FindContaining<T>(SyntaxNode node, SeparatedSyntaxList<T> arms) where T : SyntaxNode
    {
        foreach (var arm in arms)
        {
            if (arm.Span.Contains(node.Span))
            {
                return arm;
            }
        }

        return null;
    }
}
