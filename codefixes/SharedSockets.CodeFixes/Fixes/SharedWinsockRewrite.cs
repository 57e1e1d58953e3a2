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
/// additive per target: the same arguments, a different owner. Through a project wrapper (or the
/// constructor of a role object), the wrapper's own call is rewritten, so every caller becomes additive.
/// </summary>
internal static class SharedWinsockRewrite
{
    /// <summary>Adds to <paramref name="plan"/> every call behind <paramref name="location"/>; false when one cannot be rewritten.</summary>
    public static async Task<bool> AddAsync(InvocationRewritePlan plan, Solution solution, Location location, CancellationToken cancellationToken)
    {
        if (location.SourceTree is null || solution.GetDocument(location.SourceTree) is not { } document
            || await InvocationLocator.FindCallAsync(document, location, cancellationToken).ConfigureAwait(false) is not { } call
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        var catalog = SocketFixModel.For(model.Compilation);
        if (call is InvocationExpressionSyntax invocation && IsEventSelection(catalog.Classify(method)))
        {
            return AddDirect(plan, document.Id, invocation, model, catalog, cancellationToken);
        }

        // A wrapper, or a constructor that registers (a role object): rewrite the API calls in its body instead.
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

        // The call's own arguments first; for struct bindings (CsWin32 SOCKET/HANDLE, Vanara SOCKET, flag
        // enums) the same values in the drop-in's types: '.Value', 'DangerousGetHandle()', '(int)'.
        InvocationExpressionSyntax? replacement = null;
        foreach (var adapt in new[] { false, true })
        {
            var candidate = BuildReplacement(invocation, method, api, adapt ? model : null);
            if (candidate is not null && BindsToDropIn(candidate, invocation.SpanStart, model))
            {
                replacement = candidate;
                break;
            }
        }

        if (replacement is null)
        {
            return false;
        }

        plan.Replace(document, invocation, replacement.WithAdditionalAnnotations(Simplifier.Annotation));
        return true;
    }

    /// <summary>Only offer what compiles: the drop-in must bind with these arguments.</summary>
    private static bool BindsToDropIn(InvocationExpressionSyntax candidate, int position, SemanticModel model) =>
        model.GetSpeculativeSymbolInfo(position, candidate, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol { ContainingType: { } owner }
        && owner.ToDisplayString() == ShimReference.SharedWinsockMetadataName;

    /// <param name="adaptIn">When given, arguments of struct and enum types are turned into the handle or integer they carry.</param>
    private static InvocationExpressionSyntax? BuildReplacement(InvocationExpressionSyntax invocation, IMethodSymbol method, SocketApi api, SemanticModel? adaptIn)
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
            if (adaptIn is not null)
            {
                if (HandleValueOf(argument.Expression, adaptIn) is not { } adapted)
                {
                    return null;
                }

                arguments[ordinal] = arguments[ordinal]!.WithExpression(adapted);
            }

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

    /// <summary>
    /// The handle or integer an argument carries, in a type the drop-in takes: <c>x.Value</c> (cast to <c>nint</c>
    /// when it is a <c>nuint</c>) or <c>x.DangerousGetHandle()</c> for a handle struct, <c>(int)x</c> for a flags enum,
    /// the argument itself otherwise. Null when a struct carries its handle in no accessible member.
    /// </summary>
    private static ExpressionSyntax? HandleValueOf(ExpressionSyntax argument, SemanticModel model)
    {
        var type = model.GetTypeInfo(argument).Type;
        var bare = argument.WithoutTrivia();
        var receiver = bare is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ParenthesizedExpressionSyntax
            ? bare
            : SyntaxFactory.ParenthesizedExpression(bare);
        switch (type)
        {
            case { TypeKind: TypeKind.Enum }:
                return SyntaxFactory.CastExpression(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)), receiver);
            case { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } when !IsNativeInteger(type):
                foreach (var member in type.GetMembers("Value"))
                {
                    var memberType = (member as IFieldSymbol)?.Type ?? (member as IPropertySymbol)?.Type;
                    if (member.IsStatic || !model.IsAccessible(argument.SpanStart, member) || memberType is null)
                    {
                        continue;
                    }

                    var value = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("Value"));
                    if (memberType.SpecialType is SpecialType.System_IntPtr)
                    {
                        return value;
                    }

                    if (memberType.SpecialType is SpecialType.System_UIntPtr)
                    {
                        return SyntaxFactory.CastExpression(SyntaxFactory.IdentifierName("nint"), value);
                    }
                }

                return type.GetMembers("DangerousGetHandle").OfType<IMethodSymbol>()
                        .Any(handle => !handle.IsStatic && handle.Parameters.IsEmpty && handle.ReturnType.SpecialType == SpecialType.System_IntPtr && model.IsAccessible(argument.SpanStart, handle))
                    ? SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("DangerousGetHandle")))
                    : null;
            default:
                return bare;
        }
    }

    private static bool IsNativeInteger(ITypeSymbol type) => type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
}
