using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// Rewrites WSAEventSelect/WSAAsyncSelect calls to SharedWinsock's drop-ins, whose registrations are
/// additive per target: the same arguments, a different owner. Through a project wrapper, the
/// wrapper's own call is rewritten, so every caller becomes additive.
/// </summary>
internal static class SharedWinsockRewrite
{
    /// <summary>Adds to <paramref name="plan"/> every call behind <paramref name="location"/>; false when one cannot be rewritten.</summary>
    public static async Task<bool> AddAsync(InvocationRewritePlan plan, Solution solution, Location location, CancellationToken cancellationToken)
    {
        if (location.SourceTree is null || solution.GetDocument(location.SourceTree) is not { } document
            || await InvocationLocator.FindAsync(document, location, cancellationToken).ConfigureAwait(false) is not { } invocation
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        var catalog = SocketFixModel.For(model.Compilation);
        if (IsEventSelection(catalog.Classify(method)))
        {
            return AddDirect(plan, document.Id, invocation, model, catalog, cancellationToken);
        }

        // A wrapper: rewrite the API calls in its body instead.
        var rewroteAny = false;
        foreach (var reference in (method.PartialImplementationPart ?? method).DeclaringSyntaxReferences)
        {
            var declaration = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
            if (solution.GetDocument(declaration.SyntaxTree) is not { } wrapperDocument
                || await wrapperDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } wrapperModel)
            {
                continue;
            }

            foreach (var inner in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (wrapperModel.GetSymbolInfo(inner, cancellationToken).Symbol is IMethodSymbol innerMethod
                    && IsEventSelection(catalog.Classify(innerMethod)))
                {
                    if (!AddDirect(plan, wrapperDocument.Id, inner, wrapperModel, catalog, cancellationToken))
                    {
                        return false;
                    }

                    rewroteAny = true;
                }
            }
        }

        return rewroteAny;
    }

    private static bool AddDirect(
        InvocationRewritePlan plan,
        DocumentId document,
        InvocationExpressionSyntax invocation,
        SemanticModel model,
        SocketFixModel catalog,
        CancellationToken cancellationToken)
    {
        if (plan.Contains(document, invocation))
        {
            return true;
        }

        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || catalog.Classify(method) is not { IsNative: true } api
            || !IsEventSelection(api))
        {
            return false;
        }

        var replacement = BuildReplacement(invocation, method, api);
        if (replacement is null)
        {
            return false;
        }

        // Only offer what compiles: the drop-in must bind with the call's own arguments.
        var binding = model.GetSpeculativeSymbolInfo(invocation.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
        if (binding.Symbol is not IMethodSymbol { ContainingType: { } owner }
            || owner.ToDisplayString() != ShimReference.SharedWinsockMetadataName)
        {
            return false;
        }

        plan.Replace(document, invocation, replacement.WithAdditionalAnnotations(Simplifier.Annotation));
        return true;
    }

    private static InvocationExpressionSyntax? BuildReplacement(InvocationExpressionSyntax invocation, IMethodSymbol method, SocketApi api)
    {
        // Arguments by parameter position, names dropped: the drop-in's parameter names differ.
        var arguments = new ArgumentSyntax?[method.Parameters.Length];
        var position = 0;
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            var ordinal = argument.NameColon is { } name
                ? method.Parameters.IndexOf(method.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)!)
                : position;
            if (ordinal < 0 || ordinal >= arguments.Length || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return null;
            }

            arguments[ordinal] = argument.WithNameColon(null);
            position++;
        }

        if (arguments.Any(argument => argument is null))
        {
            return null;
        }

        var target = SyntaxFactory.ParseExpression(ShimReference.SharedWinsockQualifiedName + "." + DropInName(api))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return SyntaxFactory.InvocationExpression(
            target,
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(argument => argument!.WithoutTrivia()))));
    }

    private static string DropInName(SocketApi api) =>
        api.Kind == SocketOperationKind.EventSelect ? "WSAEventSelect" : "WSAAsyncSelect";

    private static bool IsEventSelection(SocketApi? api) =>
        api?.Kind is SocketOperationKind.EventSelect or SocketOperationKind.AsyncSelect;
}
