using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// <see cref="ExecutionOrder.CanRunAfter"/> behind cheap syntax answers, so rules that ask about many
/// pairs of calls stay linear on long methods: in one body, a call written before another can run
/// after it only when a loop brings it round again ("no" without an enclosing loop), and a call
/// written after another, in no exclusive branch, with no jump (<c>return</c>, <c>throw</c>,
/// <c>break</c>, <c>continue</c>, <c>goto</c>, <c>yield break</c>) between them, runs after it ("yes").
/// Everything else goes to the control-flow graph.
/// </summary>
internal static class CallOrder
{
    public static bool CanRunAfter(SocketTypeModel model, SocketCall earlier, SocketCall later)
    {
        if (earlier.Root == later.Root)
        {
            if (later.Syntax.SpanStart < earlier.Syntax.SpanStart && !SocketDuplications.RunsInLoop(later.Syntax))
            {
                return false;
            }

            if (earlier.Syntax.Span.End <= later.Syntax.SpanStart
                && !BranchRelations.AreMutuallyExclusive(earlier.Syntax, later.Syntax)
                && !JumpsBetween(earlier.Syntax, later.Syntax))
            {
                return true;
            }
        }

        return model.Order.CanRunAfter(earlier.Syntax, earlier.Root, later.Syntax, later.Root);
    }

    /// <summary>
    /// Whether a jump (<c>return</c>, <c>throw</c>, <c>break</c>, <c>continue</c>, <c>goto</c>,
    /// <c>yield break</c>) is written between the two nodes, read token by token; jumps inside a
    /// lambda or local function leave only that function and do not count.
    /// </summary>
    private static bool JumpsBetween(SyntaxNode earlier, SyntaxNode later)
    {
        var end = later.SpanStart;
        for (var token = earlier.GetLastToken().GetNextToken(); token.SpanStart < end && !token.IsKind(SyntaxKind.None); token = token.GetNextToken())
        {
            if (token.Kind() is SyntaxKind.ReturnKeyword or SyntaxKind.ThrowKeyword or SyntaxKind.BreakKeyword
                    or SyntaxKind.ContinueKeyword or SyntaxKind.GotoKeyword or SyntaxKind.YieldKeyword
                && !InNestedFunction(token, later))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InNestedFunction(SyntaxToken token, SyntaxNode later)
    {
        for (var node = token.Parent; node is not null && !node.Span.Contains(later.Span); node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }
}
