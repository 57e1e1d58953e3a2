using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;
using SharedSockets.CodeFixes.Safety;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// The native-correct form without the shim: keep the earlier registration's target and register it
/// once with the combined mask (re-registering the same target is the documented mask change).
/// The later role then dispatches from that one target, e.g. with WSAEnumNetworkEvents.
/// </summary>
internal static class CombinedMaskRewrite
{
    public static async Task<bool> AddAsync(InvocationRewritePlan plan, Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        // The earlier registration may be in another file (a partial class): its target must mean the same thing here.
        if (diagnostic.AdditionalLocations.Count == 0
            || diagnostic.Location.SourceTree is not { } tree
            || diagnostic.AdditionalLocations[0].SourceTree is not { } earlierTree
            || solution.GetDocument(tree) is not { } document
            || solution.GetDocument(earlierTree) is not { } earlierDocument
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || await earlierDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } earlierModel
            || await InvocationLocator.FindAsync(document, diagnostic.Location, cancellationToken).ConfigureAwait(false) is not { } later
            || await InvocationLocator.FindAsync(earlierDocument, diagnostic.AdditionalLocations[0], cancellationToken).ConfigureAwait(false) is not { } earlier
            || model.GetSymbolInfo(later, cancellationToken).Symbol is not IMethodSymbol laterMethod
            || earlierModel.GetSymbolInfo(earlier, cancellationToken).Symbol is not IMethodSymbol earlierMethod)
        {
            return false;
        }

        var catalog = SocketFixModel.For(model.Compilation);
        if (catalog.Classify(laterMethod) is not { IsNative: true } api
            || catalog.Classify(earlierMethod) is not { } earlierApi
            || earlierApi.Kind != api.Kind)
        {
            return false;
        }

        // Rule 2: the later target stops being signalled; never when the same code still waits on it.
        foreach (var role in new[] { ArgumentRole.EventObject, ArgumentRole.Window })
        {
            if (api.ParameterRoles.TryGetValue(role, out var ordinal) && ordinal < later.ArgumentList.Arguments.Count
                && !FixSafety.IsTargetUnusedAfter(later.ArgumentList.Arguments[ordinal].Expression, model, later, model, cancellationToken))
            {
                return false;
            }
        }

        var earlierEffective = plan.ReplacementOf(earlierDocument.Id, earlier) as InvocationExpressionSyntax ?? earlier;
        var replacement = Combine(later, earlierEffective, api, model, earlier, earlierModel, cancellationToken);
        if (replacement is null)
        {
            return false;
        }

        plan.Replace(document.Id, later, replacement);
        return true;
    }

    private static InvocationExpressionSyntax? Combine(
        InvocationExpressionSyntax later, InvocationExpressionSyntax earlier, SocketApi api, SemanticModel model,
        InvocationExpressionSyntax earlierAsBound, SemanticModel earlierModel, CancellationToken cancellationToken)
    {
        if (!api.ParameterRoles.TryGetValue(ArgumentRole.EventMask, out var maskOrdinal)
            || !TryPositional(later, out var laterArguments)
            || !TryPositional(earlier, out var earlierArguments)
            || laterArguments.Count != earlierArguments.Count
            || maskOrdinal >= laterArguments.Count)
        {
            return null;
        }

        var targetRoles = api.Kind == SocketOperationKind.EventSelect
            ? new[] { ArgumentRole.EventObject }
            : new[] { ArgumentRole.Window, ArgumentRole.Message };
        var arguments = laterArguments;
        foreach (var role in targetRoles)
        {
            // Every name of the copied target must bind to the same symbol at the later call (not a local of its own).
            if (!api.ParameterRoles.TryGetValue(role, out var ordinal) || !IsReusable(earlierArguments[ordinal].Expression)
                || earlier != earlierAsBound
                || !InScopeExpressions.BindsTheSameAt(earlierArguments[ordinal].Expression, earlierModel, model, later.SpanStart, cancellationToken))
            {
                return null;
            }

            arguments = arguments.Replace(arguments[ordinal], arguments[ordinal].WithExpression(earlierArguments[ordinal].Expression.WithoutTrivia()));
        }

        var combinedMask = SyntaxFactory.BinaryExpression(
            SyntaxKind.BitwiseOrExpression,
            Operand(earlierArguments[maskOrdinal].Expression),
            Operand(laterArguments[maskOrdinal].Expression));
        arguments = arguments.Replace(arguments[maskOrdinal], arguments[maskOrdinal].WithExpression(combinedMask));
        var replacement = later.WithArgumentList(later.ArgumentList.WithArguments(arguments));

        // Only offer what compiles and still calls the same import (mask types may not combine).
        var binding = model.GetSpeculativeSymbolInfo(later.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
        var original = model.GetSymbolInfo(later).Symbol;
        return SymbolEqualityComparer.Default.Equals(binding.Symbol, original) ? replacement : null;
    }

    /// <summary>Names and member accesses can be repeated; a call such as WSACreateEvent() would make a new object.</summary>
    private static bool IsReusable(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or LiteralExpressionSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax member => IsReusable(member.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsReusable(parenthesized.Expression),
        CastExpressionSyntax cast => IsReusable(cast.Expression),
        BinaryExpressionSyntax binary => IsReusable(binary.Left) && IsReusable(binary.Right),
        _ => false,
    };

    private static ExpressionSyntax Operand(ExpressionSyntax mask)
    {
        var bare = mask.WithoutTrivia();
        return bare is IdentifierNameSyntax or MemberAccessExpressionSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax
               || bare.IsKind(SyntaxKind.BitwiseOrExpression)
            ? bare
            : SyntaxFactory.ParenthesizedExpression(bare);
    }

    private static bool TryPositional(InvocationExpressionSyntax invocation, out SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        arguments = invocation.ArgumentList.Arguments;
        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null)
            {
                return false;
            }
        }

        return true;
    }
}
