using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// The syntax of a socket call a diagnostic points at (an invocation, or the assignment of an option or
/// <c>Blocking</c> property) and the expression that supplies its socket, read through the model.
/// </summary>
internal sealed class SocketCallSite
{
    private SocketCallSite(ExpressionSyntax call, ExpressionSyntax? socket, ISymbol? target, SocketCall bound)
    {
        Call = call;
        Socket = socket;
        Target = target;
        Bound = bound;
    }

    /// <summary>The API use the model binds at this site.</summary>
    public SocketCall Bound { get; }

    /// <summary>The invocation or assignment expression.</summary>
    public ExpressionSyntax Call { get; }

    /// <summary>The socket expression written at the call site (null when a wrapper supplies it from inside).</summary>
    public ExpressionSyntax? Socket { get; }

    /// <summary>The method or property the call binds to.</summary>
    public ISymbol? Target { get; }

    public static SocketCallSite? Find(SyntaxNode root, SemanticModel model, Location location, System.Func<SocketCall, bool> isWanted, CancellationToken cancellationToken)
    {
        var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current is not (InvocationExpressionSyntax or AssignmentExpressionSyntax) || current.Span != location.SourceSpan)
            {
                continue;
            }

            var call = (ExpressionSyntax)current;
            if (model.GetOperation(call, cancellationToken) is not { } operation)
            {
                return null;
            }

            foreach (var bound in SocketFixModel.For(model.Compilation).Bind(operation))
            {
                if (!isWanted(bound))
                {
                    continue;
                }

                var socket = bound[ArgumentRole.Socket]?.Syntax as ExpressionSyntax;
                if (socket is not null && !call.Span.Contains(socket.Span))
                {
                    socket = null;
                }

                return new SocketCallSite(call, socket, TargetOf(call, model, cancellationToken), bound);
            }

            return null;
        }

        return null;
    }

    /// <summary>What <paramref name="call"/> binds to: the invoked method, or the assigned property.</summary>
    public static ISymbol? TargetOf(ExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken) => call switch
    {
        AssignmentExpressionSyntax assignment => model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol,
        _ => model.GetSymbolInfo(call, cancellationToken).Symbol,
    };

    /// <summary>The same, for a rewritten call bound as if it were written at <paramref name="position"/>.</summary>
    public static ISymbol? SpeculativeTargetOf(ExpressionSyntax call, SemanticModel model, int position) => call switch
    {
        AssignmentExpressionSyntax assignment => model.GetSpeculativeSymbolInfo(position, assignment.Left, SpeculativeBindingOption.BindAsExpression).Symbol,
        _ => model.GetSpeculativeSymbolInfo(position, call, SpeculativeBindingOption.BindAsExpression).Symbol,
    };
}
