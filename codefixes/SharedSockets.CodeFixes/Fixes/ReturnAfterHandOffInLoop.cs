using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SharedSockets.Analyzers.FixSupport;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK006 in a loop that only ends by a jump (<c>while (true)</c>, <c>for (;;)</c>, <c>do … while (true)</c>) whose
/// body starts with a use of the Socket: once a pass hands the Socket off, the next pass can only throw
/// ObjectDisposedException at its first statement. A <c>return;</c> where that pass ends ends the method there
/// instead. Every path that does not hand off is untouched; on the hand-off path everything that ran before still
/// runs (the rest of the hand-off's block, which must not touch the Socket), and only the doomed next pass is gone.
/// Offered only in a <c>void</c> (or non-generic async Task) method or local function that is no iterator, when
/// the hand-off's block ends the pass (it is last in every enclosing block and <c>if</c> up to the loop body) and the
/// Socket is a local or parameter the loop never assigns.
/// </summary>
internal static class ReturnAfterHandOffInLoop
{
    /// <summary>The block that ends the hand-off's pass, where the <c>return;</c> goes; null when the shape differs.</summary>
    public static BlockSyntax? Find(SyntaxNode handOff, SyntaxNode use, SemanticModel model, CancellationToken cancellationToken)
    {
        if (handOff is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver } }
            || model.GetSymbolInfo(receiver, cancellationToken).Symbol is not { } socket
            || socket is not (ILocalSymbol or IParameterSymbol)
            || handOff.FirstAncestorOrSelf<StatementSyntax>() is not { } statement
            || statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
            || statement.Parent is not BlockSyntax handOffBlock)
        {
            return null;
        }

        // The rest of the hand-off's block still runs before the return, so it must neither use the Socket nor jump.
        var rest = handOffBlock.Statements.Skip(handOffBlock.Statements.IndexOf(statement) + 1).ToList();
        if (rest.Any(next => Mentions(next, socket, model, cancellationToken) || next.DescendantNodesAndSelf().Any(IsJumpOrLocalFunction)))
        {
            return null;
        }

        if (EnclosingEndlessLoop(handOffBlock) is not { } loop
            || !loop.Span.Contains(use.Span)
            || LoopBody(loop) is not { Statements.Count: > 0 } body
            || !UsesForCertain(body.Statements[0], socket, model, cancellationToken)
            || model.GetOperation(loop, cancellationToken) is not { } loopOperation
            || FixFlow.IsWrittenBetween(FixFlow.BodyOf(loopOperation), socket, loop.SpanStart, loop.Span.End)
            || !MayReturnWithoutValue(loop, model, cancellationToken))
        {
            return null;
        }

        return handOffBlock;
    }

    public static async Task<Document> ApplyAsync(Document document, BlockSyntax block, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var returnStatement = SyntaxFactory.ReturnStatement()
            .WithTrailingTrivia(FixFormatting.EndOfLine(block))
            .WithAdditionalAnnotations(Formatter.Annotation);
        editor.InsertAfter(block.Statements.Last(), returnStatement);
        return await FixFormatting.FormatAnnotatedAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The loop whose pass ends with <paramref name="block"/>: climbing through blocks and <c>if</c>s, each must be the
    /// last statement of its block, up to the body of a loop that never ends by its condition.
    /// </summary>
    private static StatementSyntax? EnclosingEndlessLoop(BlockSyntax block)
    {
        SyntaxNode current = block;
        while (true)
        {
            switch (current.Parent)
            {
                case WhileStatementSyntax { Condition: LiteralExpressionSyntax condition } loop when condition.IsKind(SyntaxKind.TrueLiteralExpression):
                    return loop;
                case DoStatementSyntax { Condition: LiteralExpressionSyntax condition } loop when condition.IsKind(SyntaxKind.TrueLiteralExpression):
                    return loop;
                case ForStatementSyntax { Condition: null, Incrementors.Count: 0 } loop:
                    return loop;
                case IfStatementSyntax ifStatement:
                    current = ifStatement;
                    break;
                case ElseClauseSyntax { Parent: IfStatementSyntax ifStatement }:
                    current = ifStatement;
                    break;
                case BlockSyntax parent when parent.Statements.LastOrDefault() == current:
                    current = parent;
                    break;
                default:
                    return null;
            }

            // An `else if` is the else branch of the outer if: climb to the outermost if of the chain.
            while (current is IfStatementSyntax { Parent: ElseClauseSyntax { Parent: IfStatementSyntax outer } })
            {
                current = outer;
            }
        }
    }

    private static BlockSyntax? LoopBody(StatementSyntax loop) => loop switch
    {
        WhileStatementSyntax whileLoop => whileLoop.Statement as BlockSyntax,
        DoStatementSyntax doLoop => doLoop.Statement as BlockSyntax,
        ForStatementSyntax forLoop => forLoop.Statement as BlockSyntax,
        _ => null,
    };

    /// <summary><c>socket.Receive(…);</c>, <c>var n = socket.Receive(…);</c>, <c>await socket.SendAsync(…);</c>: the statement calls or reads a member of the Socket before anything else can happen.</summary>
    private static bool UsesForCertain(StatementSyntax first, ISymbol socket, SemanticModel model, CancellationToken cancellationToken)
    {
        var expression = first switch
        {
            ExpressionStatementSyntax statement => statement.Expression,
            LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } => variables[0].Initializer?.Value,
            _ => null,
        };
        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        var member = expression switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access,
            MemberAccessExpressionSyntax access => access,
            _ => null,
        };
        return member is not null
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(member.Expression, cancellationToken).Symbol, socket)
            && SocketMembers.IsInstanceMember(model.GetSymbolInfo(member, cancellationToken).Symbol);
    }

    private static bool Mentions(SyntaxNode node, ISymbol socket, SemanticModel model, CancellationToken cancellationToken) =>
        node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(name =>
            name.Identifier.ValueText == socket.Name
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, socket));

    private static bool IsJumpOrLocalFunction(SyntaxNode node) =>
        node is ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax or ThrowStatementSyntax
            or YieldStatementSyntax or LocalFunctionStatementSyntax;

    /// <summary>The loop is in a method or local function (no lambda) where <c>return;</c> compiles and ends it.</summary>
    private static bool MayReturnWithoutValue(StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
    {
        var owner = loop.Ancestors().FirstOrDefault(node => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax);
        if (owner is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
            || owner.DescendantNodes().Any(node => node is YieldStatementSyntax && node.FirstAncestorOrSelf<SyntaxNode>(IsFunction) == owner)
            || model.GetDeclaredSymbol(owner, cancellationToken) is not IMethodSymbol method)
        {
            return false;
        }

        return method.ReturnsVoid
            || method.IsAsync && method.ReturnType is INamedTypeSymbol { Arity: 0 } returnType
                && returnType.ToDisplayString() is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask";
    }

    private static bool IsFunction(SyntaxNode node) =>
        node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax;
}
