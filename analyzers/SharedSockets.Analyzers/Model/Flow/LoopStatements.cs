using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Model;

/// <summary>Syntax facts about loops: which code a loop runs again on every pass. The one loop helper of the model.</summary>
internal static class LoopStatements
{
    /// <summary>
    /// The innermost loop whose repeated part (condition, body, increments; not a <c>for</c> initializer
    /// or a <c>foreach</c> collection) holds <paramref name="node"/>, not looking past a lambda or local
    /// function (they run on their own schedule).
    /// </summary>
    public static StatementSyntax? Enclosing(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return null;
            }

            if (current is StatementSyntax statement && RepeatsPartHolding(statement, node))
            {
                return statement;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="node"/> runs once per pass of a loop: in a loop's repeated part (see
    /// <see cref="Enclosing"/>), or in a lambda given to <c>ForEach</c>/<c>Parallel.For</c>/<c>Select</c>;
    /// local functions and other lambdas end the search (they run on their own schedule).
    /// </summary>
    public static bool RunsInLoop(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case StatementSyntax statement when RepeatsPartHolding(statement, node):
                    return true;
                case AnonymousFunctionExpressionSyntax when IsIterationCallback(current):
                    return true;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The innermost loop that runs both nodes again on every pass, if any.</summary>
    public static StatementSyntax? EnclosingBoth(SyntaxNode first, SyntaxNode second)
    {
        for (var loop = Enclosing(first); loop is not null; loop = Enclosing(loop))
        {
            if (RepeatsPartHolding(loop, second))
            {
                return loop;
            }
        }

        return null;
    }

    public static bool RepeatsPartHolding(StatementSyntax loop, SyntaxNode node) => loop switch
    {
        ForStatementSyntax @for => Holds(@for.Condition, node) || Holds(@for.Statement, node) || HoldsAny(@for.Incrementors, node),
        CommonForEachStatementSyntax forEach => Holds(forEach.Statement, node),
        WhileStatementSyntax @while => Holds(@while.Condition, node) || Holds(@while.Statement, node),
        DoStatementSyntax @do => Holds(@do.Condition, node) || Holds(@do.Statement, node),
        _ => false,
    };

    /// <summary>The loop's header (<c>for (…)</c>, <c>foreach (…)</c>, <c>while (…)</c>, or <c>do</c>) for an additional location.</summary>
    public static Location HeaderLocation(StatementSyntax loop)
    {
        var end = loop switch
        {
            ForStatementSyntax @for => @for.CloseParenToken.Span.End,
            CommonForEachStatementSyntax forEach => forEach.CloseParenToken.Span.End,
            WhileStatementSyntax @while => @while.CloseParenToken.Span.End,
            DoStatementSyntax @do => @do.DoKeyword.Span.End,
            _ => loop.Span.End,
        };

        return Location.Create(loop.SyntaxTree, TextSpan.FromBounds(loop.SpanStart, end));
    }

    private static bool IsIterationCallback(SyntaxNode lambda) =>
        lambda.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation }
        && invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            _ => null,
        } is "ForEach" or "For" or "Select" or "SelectMany" or "ForEachAsync";

    private static bool Holds(SyntaxNode? part, SyntaxNode node) => part is not null && part.Span.Contains(node.Span);

    private static bool HoldsAny(SeparatedSyntaxList<ExpressionSyntax> parts, SyntaxNode node)
    {
        foreach (var part in parts)
        {
            if (part.Span.Contains(node.Span))
            {
                return true;
            }
        }

        return false;
    }
}
