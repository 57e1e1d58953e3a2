using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;
using SharedSockets.CodeFixes.Safety;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// The edit for one shutdown call: replace it by the close of the same descriptor (a closesocket
/// binding reachable with the same qualifier or through <c>using static</c>, checked by speculative
/// binding; <c>Close()</c> on a managed Socket), or remove it when the next statements already close
/// that descriptor (closing twice would release a handle value that may have been reused).
/// </summary>
internal sealed class CloseInsteadOfShutdown
{
    private readonly InvocationExpressionSyntax shutdown;
    private readonly ExpressionSyntax? replacement;
    private readonly StatementSyntax? statementToRemove;

    private CloseInsteadOfShutdown(InvocationExpressionSyntax shutdown, ExpressionSyntax? replacement, StatementSyntax? statementToRemove)
    {
        this.shutdown = shutdown;
        this.replacement = replacement;
        this.statementToRemove = statementToRemove;
    }

    public static CloseInsteadOfShutdown? Plan(InvocationExpressionSyntax shutdown, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(shutdown, cancellationToken).Symbol is not IMethodSymbol method
            || SocketFixModel.For(model.Compilation).Classify(method) is not { } api
            || api.Kind is not (SocketOperationKind.Shutdown or SocketOperationKind.Disconnect))
        {
            return null;
        }

        var close = api.IsNative ? NativeClose(shutdown, method, api) : ManagedClose(shutdown);
        if (close is null || !BindsToClose(close, shutdown, method, model))
        {
            return null;
        }

        // Rule 2: the descriptor may be used after the shutdown only by the close that follows it (a half-closed
        // socket still reads: closing it instead, or dropping a shutdown(SD_SEND) the peer waits for, breaks that).
        var descriptor = DescriptorOf(close, shutdown);
        if (shutdown.Parent is ExpressionStatementSyntax statement && ClosingStatementAfter(statement, close, model, cancellationToken) is { } closing)
        {
            return descriptor is not null && FixSafety.IsUnusedAfter(descriptor, statement, model, cancellationToken, closing)
                ? new CloseInsteadOfShutdown(shutdown, null, statement)
                : null;
        }

        return descriptor is not null && FixSafety.IsUnusedAfter(descriptor, shutdown, model, cancellationToken)
            ? new CloseInsteadOfShutdown(shutdown, close, null)
            : null;
    }

    /// <summary>The nodes <see cref="Apply"/> finds again in a root where other plans already applied.</summary>
    public SyntaxNode[] NodesToTrack => statementToRemove is null ? new SyntaxNode[] { shutdown } : new SyntaxNode[] { statementToRemove, NextStatement() };

    /// <summary>Applies the edit to <paramref name="root"/>, which tracks <see cref="NodesToTrack"/>.</summary>
    public SyntaxNode Apply(SyntaxNode root)
    {
        if (statementToRemove is null)
        {
            var current = root.GetCurrentNode(shutdown)!;
            return root.ReplaceNode(current, replacement!.WithTriviaFrom(current).WithAdditionalAnnotations(Formatter.Annotation));
        }

        // The removed statement's comments stay, above the close that follows it.
        var leading = statementToRemove.GetLeadingTrivia();
        if (leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            leading = leading.RemoveAt(leading.Count - 1);
        }

        var next = root.GetCurrentNode(NextStatement())!;
        root = root.ReplaceNode(next, next.WithLeadingTrivia(leading.AddRange(next.GetLeadingTrivia())));
        return root.RemoveNode(root.GetCurrentNode(statementToRemove)!, SyntaxRemoveOptions.KeepNoTrivia)!;
    }

    private StatementSyntax NextStatement()
    {
        var block = (BlockSyntax)statementToRemove!.Parent!;
        return block.Statements[block.Statements.IndexOf(statementToRemove) + 1];
    }

    /// <summary><c>closesocket(s)</c> with the qualifier of the shutdown call (<c>PInvoke.</c>, <c>Ws2_32.</c>) or none.</summary>
    private static InvocationExpressionSyntax? NativeClose(InvocationExpressionSyntax shutdown, IMethodSymbol method, SocketApi api)
    {
        if (!api.ParameterRoles.TryGetValue(ArgumentRole.Socket, out var ordinal) || SocketArgument(shutdown, method, ordinal) is not { } socket)
        {
            return null;
        }

        var name = SyntaxFactory.IdentifierName("closesocket");
        ExpressionSyntax target = shutdown.Expression switch
        {
            MemberAccessExpressionSyntax member => member.WithName(name),
            IdentifierNameSyntax => name,
            _ => null!,
        };
        return target is null
            ? null
            : SyntaxFactory.InvocationExpression(target, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(socket.WithoutTrivia()))));
    }

    private static InvocationExpressionSyntax? ManagedClose(InvocationExpressionSyntax shutdown) =>
        shutdown.Expression is MemberAccessExpressionSyntax member
            ? SyntaxFactory.InvocationExpression(member.WithName(SyntaxFactory.IdentifierName("Close")), SyntaxFactory.ArgumentList())
            : null;

    private static ExpressionSyntax? SocketArgument(InvocationExpressionSyntax invocation, IMethodSymbol method, int ordinal)
    {
        var arguments = invocation.ArgumentList.Arguments;
        for (var index = 0; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            var named = argument.NameColon?.Name.Identifier.ValueText;
            if (named is null ? index == ordinal : ordinal < method.Parameters.Length && named == method.Parameters[ordinal].Name)
            {
                return argument.RefKindKeyword.IsKind(SyntaxKind.None) ? argument.Expression : null;
            }
        }

        return null;
    }

    /// <summary>Offered only when the new call binds to a close API and fits where the shutdown's result went.</summary>
    private static bool BindsToClose(InvocationExpressionSyntax close, InvocationExpressionSyntax shutdown, IMethodSymbol shutdownMethod, SemanticModel model)
    {
        var symbol = model.GetSpeculativeSymbolInfo(shutdown.SpanStart, close, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
        if (symbol is null || SocketFixModel.For(model.Compilation).Classify(symbol) is not { Kind: SocketOperationKind.Close })
        {
            return false;
        }

        return shutdown.Parent is ExpressionStatementSyntax
               || SymbolEqualityComparer.Default.Equals(symbol.ReturnType, shutdownMethod.ReturnType);
    }

    /// <summary>The descriptor the close releases, as the shutdown call writes it: the argument, or the Socket it is called on.</summary>
    private static ExpressionSyntax? DescriptorOf(InvocationExpressionSyntax close, InvocationExpressionSyntax shutdown) =>
        close.ArgumentList.Arguments.Count == 1
            ? shutdown.ArgumentList.Arguments.Select(argument => argument.Expression).FirstOrDefault(expression => expression.WithoutTrivia().IsEquivalentTo(close.ArgumentList.Arguments[0].Expression))
            : (shutdown.Expression as MemberAccessExpressionSyntax)?.Expression;

    /// <summary>A later statement of the same block that closes the same descriptor (same text, same close API family).</summary>
    private static StatementSyntax? ClosingStatementAfter(ExpressionStatementSyntax statement, InvocationExpressionSyntax close, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement.Parent is not BlockSyntax block)
        {
            return null;
        }

        var closeText = Normalize(close);
        var catalog = SocketFixModel.For(model.Compilation);
        var index = block.Statements.IndexOf(statement);
        for (var next = index + 1; next < block.Statements.Count; next++)
        {
            foreach (var invocation in block.Statements[next].DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if ((Normalize(invocation) == closeText || IsDisposeOfSameReceiver(invocation, close))
                    && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                    && catalog.Classify(method) is { Kind: SocketOperationKind.Close })
                {
                    return block.Statements[next];
                }
            }
        }

        return null;
    }

    private static bool IsDisposeOfSameReceiver(InvocationExpressionSyntax invocation, InvocationExpressionSyntax close) =>
        invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" } dispose
        && close.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" } closeAccess
        && dispose.Expression.WithoutTrivia().ToString() == closeAccess.Expression.WithoutTrivia().ToString();

    private static string Normalize(SyntaxNode node) => node.WithoutTrivia().ToString().Replace(" ", string.Empty);
}
