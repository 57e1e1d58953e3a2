using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Execution order of two places in one body that the syntax settles without a control-flow graph:
/// <list type="bullet">
/// <item>the earlier one sits in a statement of a block (or switch section) that also holds the later one,
/// that statement ends before the later one and has no jump in it (<c>return</c>, <c>break</c>,
/// <c>continue</c>, <c>throw</c>, <c>goto</c>, <c>yield</c>): control leaves it normally and goes on to the later one;</item>
/// <item>the later one comes first in the source, no loop runs both again (<see cref="LoopStatements"/>) and the body has no <c>goto</c>:
/// nothing brings control back.</item>
/// </list>
/// Anything else (loops, branches that jump) is left to the graph (<see cref="ExecutionOrder"/>). Unreachable code is
/// treated as reachable.
/// </summary>
internal static class StraightLineOrder
{
    /// <summary>True or false when the syntax decides; null when the graph must.</summary>
    public static bool? Decide(SyntaxNode earlier, SyntaxNode later, bool bodyHasGoto)
    {
        if (earlier.SyntaxTree != later.SyntaxTree)
        {
            return null;
        }

        if (earlier.SpanStart < later.SpanStart)
        {
            return LeavesNormallyTowards(earlier, later) ? true : null;
        }

        return !bodyHasGoto && LoopStatements.EnclosingBoth(earlier, later) is null ? false : null;
    }

    public static bool ContainsGoto(SyntaxNode body)
    {
        foreach (var node in body.DescendantNodes())
        {
            if (node is GotoStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static bool LeavesNormallyTowards(SyntaxNode earlier, SyntaxNode later)
    {
        for (var node = earlier; node.Parent is { } parent; node = parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return false;
            }

            if (node is StatementSyntax statement
                && parent is BlockSyntax or SwitchSectionSyntax
                && parent.Span.Contains(later.Span))
            {
                return statement.Span.End <= later.SpanStart && !ContainsJump(statement);
            }
        }

        return false;
    }

    private static bool ContainsJump(StatementSyntax statement)
    {
        foreach (var node in statement.DescendantNodesAndSelf(descendIntoChildren: child => child is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or ThrowStatementSyntax
                or ThrowExpressionSyntax or GotoStatementSyntax or YieldStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }
}
