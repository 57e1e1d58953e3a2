using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedSockets.Analyzers;
using SharedSockets.CodeFixes.FixAll;
using SharedSockets.CodeFixes.Safety;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK004, native-correct ([doc] ioctlsocket): clear the event registration before going back to blocking,
/// with the same binding as the active registration — <c>WSAEventSelect(s, IntPtr.Zero, 0)</c> or
/// <c>WSAAsyncSelect(s, hWnd, 0, 0)</c> — inserted before the statement that changes the mode.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClearRegistrationBeforeBlockingFixProvider)), Shared]
public sealed class ClearRegistrationBeforeBlockingFixProvider : SocketCodeFixProvider
{
    internal const string ClearRegistrationKey = "SOCK004.ClearRegistrationFirst";
    internal const string ClearRegistrationTitle = "Clear the event registration before changing the blocking mode";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.BlockingModeOnSharedSocket);

    internal override string FirstFixKey => ClearRegistrationKey;

    internal override string FixAllTitle(string? equivalenceKey) => ClearRegistrationTitle;

    private protected override async Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request)
    {
        var (document, root, model, diagnostic, cancellationToken) = (request.Document, request.Root, request.Model, request.Diagnostic, request.CancellationToken);
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Reason, out var reason)
            || reason != DiagnosticProperties.ActiveRegistration
            || diagnostic.AdditionalLocations.Count == 0
            || SocketCallSite.Find(root, model, diagnostic.Location, SocketFixModel.IsModeChange, cancellationToken) is not { } change
            || change.Call.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax or SwitchSectionSyntax } statement
            || await ClearingCallAsync(document, model, change, statement.SpanStart, diagnostic.AdditionalLocations[0], cancellationToken).ConfigureAwait(false) is not { } clear)
        {
            return PlannedFix.None;
        }

        return PlannedFix.OfDocument(
            ClearRegistrationKey,
            $"Clear the registration first: '{clear.NormalizeWhitespace()}'",
            ct => Task.FromResult(document.WithSyntaxRoot(InsertBefore(root, statement, clear)))).AsOne();
    }

    /// <summary>The clearing call, built from the registration's own method reference, or null when it would not bind here.</summary>
    private static async Task<InvocationExpressionSyntax?> ClearingCallAsync(
        Document document, SemanticModel model, SocketCallSite change, int position, Location registrationLocation, CancellationToken cancellationToken)
    {
        if (registrationLocation.SourceTree is not { } registrationTree
            || document.Project.Solution.GetDocument(registrationTree) is not { } registrationDocument
            || await registrationDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } registrationRoot
            || await registrationDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } registrationModel
            || SocketCallSite.Find(registrationRoot, registrationModel, registrationLocation, SocketFixModel.IsRegistration, cancellationToken) is not
            {
                Call: InvocationExpressionSyntax registration, Target: IMethodSymbol method, Bound: { Wrapper: null } bound,
            })
        {
            return null;
        }

        // Rule 2: never clear a registration whose event object or window the code still waits on afterwards
        // (registering the same socket with it again, as a loop does at the end of each pass, is no wait).
        var registeredSocket = bound[ArgumentRole.Socket]?.Syntax as ExpressionSyntax;
        foreach (var role in new[] { ArgumentRole.EventObject, ArgumentRole.Window })
        {
            if (bound[role]?.Syntax is ExpressionSyntax target
                && !FixSafety.IsTargetOnlyReRegisteredAfter(target, registeredSocket, registrationModel, change.Call, model, cancellationToken))
            {
                return null;
            }
        }

        foreach (var socket in SocketCandidates(change, bound, registrationModel, model, position, cancellationToken))
        {
            if (BuildClear(registration, method, bound, socket, registrationModel, model, position, cancellationToken) is { } clear
                && SymbolEqualityComparer.Default.Equals(
                    model.GetSpeculativeSymbolInfo(position, clear, SpeculativeBindingOption.BindAsExpression).Symbol?.OriginalDefinition,
                    method.OriginalDefinition))
            {
                return clear;
            }
        }

        return null;
    }

    private static InvocationExpressionSyntax? BuildClear(
        InvocationExpressionSyntax registration, IMethodSymbol method, SocketCall bound, ExpressionSyntax socket,
        SemanticModel registrationModel, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var arguments = new List<ArgumentSyntax>();
        foreach (var parameter in method.Parameters)
        {
            var value = RoleOf(bound.Api, parameter.Ordinal) switch
            {
                ArgumentRole.Socket => socket,
                ArgumentRole.EventObject =>
                    NoObject(parameter.Type, bound[ArgumentRole.EventObject]?.Syntax as ExpressionSyntax, registrationModel, model, position, cancellationToken),
                // The documented cancel is WSAAsyncSelect(s, hWnd, 0, 0): keep the window when it can be written here.
                ArgumentRole.Window =>
                    InScope(bound[ArgumentRole.Window]?.Syntax as ExpressionSyntax, registrationModel, model, position, cancellationToken)
                    ?? NoObject(parameter.Type, null, registrationModel, model, position, cancellationToken),
                ArgumentRole.Message or ArgumentRole.EventMask => Zero(),
                _ => null,
            };
            if (value is null || parameter.RefKind != RefKind.None)
            {
                return null;
            }

            arguments.Add(SyntaxFactory.Argument(value));
        }

        return SyntaxFactory.InvocationExpression(registration.Expression.WithoutTrivia(), SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
    }

    /// <summary>
    /// The socket as the mode change writes it (or its <c>Handle</c>/<c>SafeHandle</c> when it is a Socket and
    /// the registration takes a handle), else the registration's own socket expression when it is in scope here.
    /// </summary>
    private static List<ExpressionSyntax> SocketCandidates(
        SocketCallSite change, SocketCall registration, SemanticModel registrationModel, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var candidates = new List<ExpressionSyntax>();
        if (change.Socket is { } socket && InScopeExpressions.IsReusable(socket, model))
        {
            var bare = socket.WithoutTrivia();
            candidates.Add(bare);
            if (model.GetTypeInfo(socket, cancellationToken).Type is { Name: "Socket" })
            {
                candidates.Add(Member(bare, "Handle"));
                candidates.Add(Member(bare, "SafeHandle"));
            }
        }

        if (InScope(registration[ArgumentRole.Socket]?.Syntax as ExpressionSyntax, registrationModel, model, position, cancellationToken) is { } registered)
        {
            candidates.Add(registered);
        }

        return candidates;
    }

    /// <summary>
    /// "No event object / window" for the parameter's type: <c>IntPtr.Zero</c>, <c>default</c> for handle
    /// structs; a SafeHandle must not be null when marshalled, so the registration's own one is passed (a mask
    /// of 0 makes Winsock ignore it).
    /// </summary>
    private static ExpressionSyntax? NoObject(ITypeSymbol type, ExpressionSyntax? registered, SemanticModel registrationModel, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        if (type.SpecialType == SpecialType.System_IntPtr)
        {
            var zero = Member(SyntaxFactory.IdentifierName("IntPtr"), "Zero");
            return model.GetSpeculativeSymbolInfo(position, zero, SpeculativeBindingOption.BindAsExpression).Symbol is not null
                ? zero
                : SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression);
        }

        if (type.IsValueType)
        {
            return SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression);
        }

        return InScope(registered, registrationModel, model, position, cancellationToken);
    }

    /// <summary>An argument of the registration, when it can be written again at <paramref name="position"/>.</summary>
    private static ExpressionSyntax? InScope(ExpressionSyntax? registered, SemanticModel registrationModel, SemanticModel model, int position, CancellationToken cancellationToken) =>
        registered is not null
        && InScopeExpressions.IsReusable(registered, registrationModel)
        && InScopeExpressions.BindsTheSameAt(registered, registrationModel, model, position, cancellationToken)
            ? registered.WithoutTrivia()
            : null;

    private static ArgumentRole? RoleOf(SocketApi api, int ordinal)
    {
        foreach (var pair in api.ParameterRoles)
        {
            if (pair.Value == ordinal)
            {
                return pair.Key;
            }
        }

        return null;
    }

    private static ExpressionSyntax Zero() =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0));

    private static ExpressionSyntax Member(ExpressionSyntax instance, string name) =>
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, instance, SyntaxFactory.IdentifierName(name));

    /// <summary>Inserts <c>clear;</c> on its own line before <paramref name="statement"/>, keeping comments above both.</summary>
    private static SyntaxNode InsertBefore(SyntaxNode root, StatementSyntax statement, InvocationExpressionSyntax clear)
    {
        var leading = statement.GetLeadingTrivia();
        var indentation = leading.LastOrDefault(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia));
        var endOfLine = statement.GetTrailingTrivia().LastOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia));
        var clearStatement = SyntaxFactory.ExpressionStatement(clear.NormalizeWhitespace())
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(endOfLine == default ? FixFormatting.EndOfLine(statement) : endOfLine);
        var rest = statement.WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation));
        return root.ReplaceNode(statement, new SyntaxNode[] { clearStatement, rest });
    }
}
