using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedSockets.Analyzers;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;
using SharedSockets.CodeFixes.Safety;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// The native-correct edits for a source that keeps its registration on a duplicated socket: insert
/// the hand-off's <c>closesocket(s)</c> (<c>socket.Close()</c> for a managed Socket's handle) after the
/// duplication, or a clearing <c>WSAEventSelect(s, default, 0)</c> before it ([doc] NULL/0 clears the
/// registration). Each is built with the bindings in scope and checked by speculative binding.
/// </summary>
internal sealed class DuplicationHandOffEdit
{
    private readonly StatementSyntax anchor;
    private readonly StatementSyntax inserted;
    private readonly bool before;

    private DuplicationHandOffEdit(StatementSyntax anchor, StatementSyntax inserted, bool before)
    {
        this.anchor = anchor;
        this.inserted = inserted;
        this.before = before;
    }

    public StatementSyntax Anchor => anchor;

    public static async Task<DuplicationHandOffEdit?> PlanAsync(Document document, Diagnostic diagnostic, bool close, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Form, out var form)
            || form != DiagnosticProperties.KeepsRegistrationForm
            || !diagnostic.Properties.TryGetValue(DiagnosticProperties.RegistersAfter, out var after)
            || after != "false"
            || await InvocationLocator.FindAsync(document, diagnostic.Location, cancellationToken).ConfigureAwait(false) is not { } duplicate
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || model.GetSymbolInfo(duplicate, cancellationToken).Symbol is not IMethodSymbol method
            || SocketFixModel.For(model.Compilation).Classify(method) is not { Kind: SocketOperationKind.DuplicateSocket } api
            || !api.ParameterRoles.TryGetValue(ArgumentRole.Socket, out var socketOrdinal)
            || Positional(duplicate, socketOrdinal) is not { } socket
            || duplicate.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement)
        {
            return null;
        }

        if (close)
        {
            // In a loop, closing after the first pass would duplicate a closed descriptor on the next.
            // Rule 2: never close a descriptor the method still uses (waits on its event, reads, registers).
            if (FixFlow.RunsInLoop(duplicate) || !FixSafety.IsUnusedAfter(socket, statement, model, cancellationToken))
            {
                return null;
            }

            // ... nor one whose registration's event or window the method still waits on.
            var registered = await FindRegistrationAsync(document.Project.Solution, diagnostic, cancellationToken).ConfigureAwait(false);
            if (registered is null || !TargetIsUnusedAfter(registered.Value.Invocation, registered.Value.Model, statement, model, cancellationToken))
            {
                return null;
            }

            return CloseCall(duplicate, socket, model) is { } closeCall
                ? new DuplicationHandOffEdit(statement, Statement(closeCall, statement), before: false)
                : null;
        }

        // Rule 2: never clear a registration whose event object or window the method still waits on.
        var registration = await FindRegistrationAsync(document.Project.Solution, diagnostic, cancellationToken).ConfigureAwait(false);
        return registration is not null
               && TargetIsUnusedAfter(registration.Value.Invocation, registration.Value.Model, statement, model, cancellationToken)
               && ClearCall(registration.Value.Invocation, registration.Value.Model, duplicate, socket, model) is { } clearCall
            ? new DuplicationHandOffEdit(statement, Statement(clearCall, statement), before: true)
            : null;
    }

    public SyntaxNode Apply(SyntaxNode root)
    {
        var current = root.GetCurrentNode(anchor)!;
        return before ? root.InsertNodesBefore(current, new[] { inserted }) : root.InsertNodesAfter(current, new[] { inserted });
    }

    private static ExpressionSyntax? Positional(InvocationExpressionSyntax invocation, int ordinal)
    {
        var arguments = invocation.ArgumentList.Arguments;
        return ordinal < arguments.Count && arguments.All(argument => argument.NameColon is null) && arguments[ordinal].RefKindKeyword.IsKind(SyntaxKind.None)
            ? arguments[ordinal].Expression
            : null;
    }

    /// <summary>
    /// The new statement takes the anchor's indentation and line ending, never its comments: a trailing
    /// comment stays on the anchor's line, not copied onto the inserted one.
    /// </summary>
    private static StatementSyntax Statement(ExpressionSyntax call, StatementSyntax anchor)
    {
        var leading = anchor.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var endOfLine = anchor.GetTrailingTrivia().LastOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia));
        return SyntaxFactory.ExpressionStatement(call)
            .WithLeadingTrivia(indentation)
            .WithTrailingTrivia(endOfLine == default ? FixFormatting.EndOfLine(anchor) : endOfLine);
    }

    /// <summary><c>socket.Close()</c> for <c>socket.Handle</c> of a managed Socket, else <c>closesocket(s)</c> with the duplication's qualifier.</summary>
    private static ExpressionSyntax? CloseCall(InvocationExpressionSyntax duplicate, ExpressionSyntax socket, SemanticModel model)
    {
        ExpressionSyntax candidate;
        if (socket is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Handle" or "SafeHandle" } handle
            && model.GetTypeInfo(handle.Expression).Type is { Name: "Socket" } owner
            && owner.ContainingNamespace?.ToDisplayString() == "System.Net.Sockets")
        {
            candidate = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, handle.Expression.WithoutTrivia(), SyntaxFactory.IdentifierName("Close")));
        }
        else if (WithName(duplicate.Expression, "closesocket") is { } target)
        {
            candidate = SyntaxFactory.InvocationExpression(target, Arguments(socket.WithoutTrivia()));
        }
        else
        {
            return null;
        }

        return BindsTo(candidate, duplicate.SpanStart, model, SocketOperationKind.Close) ? candidate : null;
    }

    /// <summary>The registration's own API, on the duplicated descriptor, with no target and an empty mask.</summary>
    private static ExpressionSyntax? ClearCall(InvocationExpressionSyntax registration, SemanticModel registrationModel, InvocationExpressionSyntax duplicate, ExpressionSyntax socket, SemanticModel model)
    {
        if (registrationModel.GetSymbolInfo(registration).Symbol is not IMethodSymbol method
            || SocketFixModel.For(registrationModel.Compilation).Classify(method) is not { Kind: SocketOperationKind.EventSelect or SocketOperationKind.AsyncSelect } api)
        {
            return null;
        }

        var arguments = new ExpressionSyntax[method.Parameters.Length];
        foreach (var role in api.ParameterRoles)
        {
            // A null SafeHandle (Vanara's SafeWSAEVENT) throws when marshalled: no clearing call to write.
            if (role.Key is ArgumentRole.EventObject or ArgumentRole.Window && method.Parameters[role.Value].Type.IsReferenceType)
            {
                return null;
            }

            arguments[role.Value] = role.Key switch
            {
                ArgumentRole.Socket => socket.WithoutTrivia(),
                ArgumentRole.Message or ArgumentRole.EventMask => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)),
                _ => SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression),
            };
        }

        if (arguments.Any(argument => argument is null))
        {
            return null;
        }

        var list = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(SyntaxFactory.Argument)));
        foreach (var target in new[] { registration.Expression.WithoutTrivia(), WithName(duplicate.Expression, api.DisplayName) })
        {
            if (target is null)
            {
                continue;
            }

            var candidate = SyntaxFactory.InvocationExpression(target, list);
            if (BindsTo(candidate, duplicate.SpanStart, model, api.Kind))
            {
                return candidate;
            }
        }

        return null;
    }

    private static ExpressionSyntax? WithName(ExpressionSyntax expression, string name) => expression switch
    {
        MemberAccessExpressionSyntax member => member.WithName(SyntaxFactory.IdentifierName(name)).WithoutTrivia(),
        IdentifierNameSyntax => SyntaxFactory.IdentifierName(name),
        _ => null,
    };

    private static ArgumentListSyntax Arguments(ExpressionSyntax expression) =>
        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression)));

    private static bool BindsTo(ExpressionSyntax candidate, int position, SemanticModel model, SocketOperationKind kind) =>
        model.GetSpeculativeSymbolInfo(position, candidate, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol bound
        && SocketFixModel.For(model.Compilation).Classify(bound) is { } api
        && api.Kind == kind;

    private static bool TargetIsUnusedAfter(InvocationExpressionSyntax registration, SemanticModel registrationModel, StatementSyntax point, SemanticModel model, CancellationToken cancellationToken)
    {
        if (registrationModel.GetOperation(registration, cancellationToken) is not { } operation)
        {
            return false;
        }

        foreach (var call in SocketFixModel.For(registrationModel.Compilation).Bind(operation))
        {
            foreach (var role in new[] { ArgumentRole.EventObject, ArgumentRole.Window })
            {
                if (call[role]?.Syntax is ExpressionSyntax target
                    && !FixSafety.IsTargetUnusedAfter(target, registrationModel, point, model, cancellationToken))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static async Task<(InvocationExpressionSyntax Invocation, SemanticModel Model)?> FindRegistrationAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0
            || diagnostic.AdditionalLocations[0].SourceTree is not { } tree
            || solution.GetDocument(tree) is not { } document
            || await InvocationLocator.FindAsync(document, diagnostic.AdditionalLocations[0], cancellationToken).ConfigureAwait(false) is not { } invocation
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        return (invocation, model);
    }
}
