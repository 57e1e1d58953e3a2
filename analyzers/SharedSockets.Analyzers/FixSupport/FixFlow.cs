using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.FixSupport;

/// <summary>
/// The flow facts a fix checks its edit against, answered by the model's own services: the one loop
/// helper (<see cref="LoopStatements"/>), the write index (<see cref="WriteIndex"/>) and the order service
/// (<see cref="ExecutionOrder.CanRunBefore(SyntaxNode, SyntaxNode, IOperation)"/>).
/// </summary>
internal static class FixFlow
{
    /// <summary>The value an operation stands for, implicit and explicit conversions removed.</summary>
    public static IOperation ValueOf(IOperation operation) => operation.WithoutConversions();

    /// <summary>The body (method, accessor, lambda's container) an operation belongs to.</summary>
    public static IOperation BodyOf(IOperation operation) => operation.GetRoot();

    /// <summary>The innermost loop that runs <paramref name="node"/> again on every pass, if any.</summary>
    public static StatementSyntax? EnclosingLoop(SyntaxNode node) => LoopStatements.Enclosing(node);

    /// <summary>Whether <paramref name="node"/> runs once per pass of a loop (or of an iteration callback).</summary>
    public static bool RunsInLoop(SyntaxNode node) => LoopStatements.RunsInLoop(node);

    /// <summary>The local, parameter, field or property an expression reads or writes, if the model tracks it.</summary>
    public static ISymbol? StorageOf(IOperation value) => WriteIndex.StorageOf(value);

    /// <summary>Whether <paramref name="storage"/> gets a new value in <c>[start, end)</c> of the body <paramref name="body"/>.</summary>
    public static bool IsWrittenBetween(IOperation body, ISymbol storage, int start, int end) =>
        WriteIndex.ForBody(body).HasNewValueBetween(body, storage, start, end);

    /// <summary>Whether control can reach <paramref name="later"/> after <paramref name="earlier"/> ran, in the body <paramref name="body"/>.</summary>
    public static bool CanRunAfter(SyntaxNode earlier, SyntaxNode later, IOperation body) =>
        new ExecutionOrder(System.Collections.Immutable.ImmutableArray<SocketCall>.Empty).CanRunBefore(earlier, later, body);

    /// <summary>
    /// The reads and writes of <paramref name="storage"/> in <paramref name="body"/> that can run after
    /// <paramref name="point"/> (outside it): the code that still uses a descriptor once a fix's edit ran there.
    /// </summary>
    public static IEnumerable<IOperation> UsesAfter(ISymbol storage, SyntaxNode point, IOperation body)
    {
        var order = new ExecutionOrder(System.Collections.Immutable.ImmutableArray<SocketCall>.Empty);
        foreach (var operation in body.Descendants())
        {
            if (operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                && !point.Span.Contains(operation.Syntax.Span)
                && SymbolEqualityComparer.Default.Equals(WriteIndex.StorageOf(operation), storage)
                && order.CanRunBefore(point, operation.Syntax, body))
            {
                yield return operation;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="first"/> runs on every path to <paramref name="later"/>: its statement stands in
    /// a block that holds <paramref name="later"/> further down, not across a lambda or local function, in a
    /// body without <c>goto</c>.
    /// </summary>
    public static bool AlwaysRunsBefore(SyntaxNode first, SyntaxNode later)
    {
        if (first.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax block } statement
            || statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
            || first.Ancestors().TakeWhile(node => node != statement).Any(IsConditional)
            || !block.Span.Contains(later.Span)
            || statement.Span.Contains(later.Span)
            || statement.Span.End > later.SpanStart
            || StraightLineOrder.ContainsGoto(block))
        {
            return false;
        }

        return !later.Ancestors().TakeWhile(node => node != block)
            .Any(node => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
    }

    /// <summary>Code under these runs only on some evaluations of the expression that holds it.</summary>
    private static bool IsConditional(SyntaxNode node) =>
        node is ConditionalExpressionSyntax or ConditionalAccessExpressionSyntax or AnonymousFunctionExpressionSyntax or SwitchExpressionSyntax
        || node.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalAndExpression)
        || node.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalOrExpression)
        || node.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression);
}
