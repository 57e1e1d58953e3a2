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
/// The edit for a call of a project helper that shuts the socket down and then closes it
/// (<c>Release(s) { shutdown(s, SD_BOTH); closesocket(s); }</c>): the call becomes the helper's own
/// <c>closesocket</c> of the same argument, which releases only this descriptor. The helper is left as it is
/// (other callers may rely on its shutdown). Offered only for that exact helper body, so the call does
/// nothing else that the edit would drop.
/// </summary>
internal sealed class CloseInsteadOfReleaseHelper
{
    private readonly InvocationExpressionSyntax call;
    private readonly InvocationExpressionSyntax close;

    private CloseInsteadOfReleaseHelper(InvocationExpressionSyntax call, InvocationExpressionSyntax close, string descriptor, string helper)
    {
        this.call = call;
        this.close = close;
        Descriptor = descriptor;
        Helper = helper;
    }

    /// <summary>The descriptor as the call writes it, for the title.</summary>
    public string Descriptor { get; }

    /// <summary>The helper as the call names it (<c>SocketHelpers.Release</c>), for the title.</summary>
    public string Helper { get; }

    public static CloseInsteadOfReleaseHelper? Plan(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (call.Parent is not ExpressionStatementSyntax statement
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol helper
            || !HasNoReceiverToEvaluate(call, helper)
            || call.ArgumentList.Arguments.Count != 1
            || call.ArgumentList.Arguments[0] is not { NameColon: null } argument
            || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
            || HelperClose(helper, model.Compilation, cancellationToken) is not { } helperClose)
        {
            return null;
        }

        // The helper's own close binding, with its qualifier, must bind to the same method here.
        var close = SyntaxFactory.InvocationExpression(
            helperClose.Expression.WithoutTrivia(),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument.Expression.WithoutTrivia()))));
        var helperCloseMethod = model.Compilation.GetSemanticModel(helperClose.SyntaxTree).GetSymbolInfo(helperClose, cancellationToken).Symbol;
        if (helperCloseMethod is null
            || !SymbolEqualityComparer.Default.Equals(
                model.GetSpeculativeSymbolInfo(call.SpanStart, close, SpeculativeBindingOption.BindAsExpression).Symbol?.OriginalDefinition,
                helperCloseMethod.OriginalDefinition))
        {
            return null;
        }

        // Rule 2, as for a shutdown followed by its close: the descriptor is not used after the call.
        return FixSafety.IsUnusedAfter(argument.Expression, statement, model, cancellationToken)
            ? new CloseInsteadOfReleaseHelper(call, close, argument.Expression.WithoutTrivia().ToString(), call.Expression.WithoutTrivia().ToString())
            : null;
    }

    /// <summary>The nodes <see cref="Apply"/> finds again in a root where other plans already applied.</summary>
    public SyntaxNode[] NodesToTrack => new SyntaxNode[] { call };

    /// <summary>Applies the edit to <paramref name="root"/>, which tracks <see cref="NodesToTrack"/>.</summary>
    public SyntaxNode Apply(SyntaxNode root)
    {
        var current = root.GetCurrentNode(call)!;
        return root.ReplaceNode(current, close.WithTriviaFrom(current).WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>A static helper, or one called on <c>this</c>: replacing the call skips no receiver's evaluation.</summary>
    private static bool HasNoReceiverToEvaluate(InvocationExpressionSyntax call, IMethodSymbol helper) =>
        helper.IsStatic || call.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };

    /// <summary>
    /// The <c>closesocket(p)</c> of a helper whose body is exactly <c>shutdown(p, constant); closesocket(p);</c>
    /// on its one by-value parameter <c>p</c>, both native socket APIs; null for any other helper.
    /// </summary>
    private static InvocationExpressionSyntax? HelperClose(IMethodSymbol helper, Compilation compilation, CancellationToken cancellationToken)
    {
        if (helper.Parameters.Length != 1
            || helper.Parameters[0] is not { RefKind: RefKind.None } parameter
            || helper.DeclaringSyntaxReferences.Length != 1
            || helper.IsAbstract || helper.IsVirtual || helper.IsOverride || helper.IsExtern || helper.IsGenericMethod
            || helper.PartialImplementationPart is not null || helper.PartialDefinitionPart is not null
            || helper.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax { Body.Statements: { Count: 2 } statements } declaration
            || statements[0] is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax shutdown }
            || statements[1] is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax close })
        {
            return null;
        }

        var model = compilation.GetSemanticModel(declaration.SyntaxTree);
        return IsNativeCallOn(shutdown, SocketOperationKind.Shutdown, parameter, model, cancellationToken)
            && IsNativeCallOn(close, SocketOperationKind.Close, parameter, model, cancellationToken)
                ? close
                : null;
    }

    /// <summary>A native <paramref name="kind"/> call whose socket argument is <paramref name="parameter"/> itself and whose other arguments are constants.</summary>
    private static bool IsNativeCallOn(InvocationExpressionSyntax invocation, SocketOperationKind kind, IParameterSymbol parameter, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || SocketFixModel.For(model.Compilation).Classify(method) is not { IsNative: true } api
            || api.Kind != kind
            || !api.ParameterRoles.TryGetValue(ArgumentRole.Socket, out var socketOrdinal)
            || invocation.ArgumentList.Arguments.Count != method.Parameters.Length
            || invocation.ArgumentList.Arguments.Any(argument => argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None)))
        {
            return false;
        }

        var arguments = invocation.ArgumentList.Arguments;
        for (var ordinal = 0; ordinal < arguments.Count; ordinal++)
        {
            var value = arguments[ordinal].Expression;
            var fits = ordinal == socketOrdinal
                ? value is IdentifierNameSyntax && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(value, cancellationToken).Symbol, parameter)
                : model.GetConstantValue(value, cancellationToken).HasValue;
            if (!fits)
            {
                return false;
            }
        }

        return true;
    }
}
