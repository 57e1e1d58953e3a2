using System;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SharedSockets.Analyzers;
using SharedSockets.CodeFixes.FixAll;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK008 fix for the one form with a faithful Winsock equivalent: an in-process copy,
/// <c>DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out copy, …)</c> without
/// <c>DUPLICATE_CLOSE_SOURCE</c>, whose result is not checked. It becomes
/// <c>WSADuplicateSocket(s, Environment.ProcessId, out var copyInfo)</c> and
/// <c>copy = WSASocket(FROM_PROTOCOL_INFO ×3, ref copyInfo, 0, WSA_FLAG_OVERLAPPED)</c>: a second
/// descriptor the provider knows about, overlapped like the sockets <c>socket()</c> creates. Offered
/// only when bindings of both functions with matching types are in the compilation. A copy for another
/// process has no in-place equivalent (the target must call WSASocket itself), so it gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DuplicateHandleOnSocketFixProvider)), Shared]
public sealed class DuplicateHandleOnSocketFixProvider : SocketCodeFixProvider
{
    internal const string UseWinsockDuplicationKey = "SOCK008.UseWSADuplicateSocket";
    internal const string UseWinsockDuplicationTitle = "Duplicate in-process with WSADuplicateSocket and WSASocket";

    private const int FromProtocolInfo = -1;
    private const int DuplicateCloseSource = 1;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DuplicateHandleOnSocket);

    internal override string FirstFixKey => UseWinsockDuplicationKey;

    internal override string FixAllTitle(string? equivalenceKey) => UseWinsockDuplicationTitle;

    private protected override Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request) =>
        Task.FromResult(Plan(request.Document, request.Root, request.Model, request.Diagnostic, request.CancellationToken) ?? PlannedFix.None);

    private static IEnumerable<PlannedFix>? Plan(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        PlanRewrite(root, model, diagnostic, cancellationToken) is { } plan
            ? PlannedFix.OfDocument(UseWinsockDuplicationKey, UseWinsockDuplicationTitle, ct => ApplyAsync(document, plan.Statement, plan.Replacement, ct)).AsOne()
            : null;

    private static async Task<Document> ApplyAsync(Document document, StatementSyntax statement, IReadOnlyList<StatementSyntax> replacement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var annotated = replacement.Select(node => SimplifyQualifiedNames(node).WithAdditionalAnnotations(Formatter.Annotation)).ToArray();
        editor.InsertBefore(
            statement,
            annotated.Take(annotated.Length - 1).Select((node, index) =>
                (index == 0 ? node.WithLeadingTrivia(statement.GetLeadingTrivia()) : node).WithTrailingTrivia(FixFormatting.EndOfLine(statement))));
        editor.ReplaceNode(statement, annotated[annotated.Length - 1].WithTrailingTrivia(statement.GetTrailingTrivia()));
        var changed = editor.GetChangedDocument();
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await FixFormatting.FormatAnnotatedAsync(changed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Only the <c>global::</c>-qualified names are simplified: the user's own types (<c>IntPtr</c>) stay as written.</summary>
    private static StatementSyntax SimplifyQualifiedNames(StatementSyntax statement) =>
        statement.ReplaceNodes(
            statement.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
                .Where(access => access.Parent is not MemberAccessExpressionSyntax && access.ToString().StartsWith("global::", System.StringComparison.Ordinal)),
            (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));

    private static (StatementSyntax Statement, IReadOnlyList<StatementSyntax> Replacement)? PlanRewrite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
            || invocation.Span != diagnostic.Location.SourceSpan
            || invocation.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || SocketFixModel.For(model.Compilation).Classify(operation.TargetMethod) is not { Kind: SocketOperationKind.DuplicateHandle }
            || operation.TargetMethod.Parameters.Length != 7)
        {
            return null;
        }

        var arguments = new IArgumentOperation?[7];
        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter is { Ordinal: < 7 } parameter)
            {
                arguments[parameter.Ordinal] = argument;
            }
        }

        if (arguments.Any(argument => argument is null or { ArgumentKind: ArgumentKind.DefaultValue })
            || !IsCurrentProcess(arguments[0]!.Value)
            || !IsCurrentProcess(arguments[2]!.Value)
            || arguments[6]!.Value.ConstantValue is not { HasValue: true, Value: { } options }
            || (System.Convert.ToInt64(options, System.Globalization.CultureInfo.InvariantCulture) & DuplicateCloseSource) != 0
            || arguments[1]!.Syntax is not ArgumentSyntax { Expression: var handle }
            || arguments[3]!.Syntax is not ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.OutKeyword, Expression: var target }
            || arguments[3]!.Parameter!.Type is not { } targetType
            || FindBindings(operation.TargetMethod.ContainingType, model, FixFlow.ValueOf(arguments[1]!.Value).Type, targetType) is not { } bindings)
        {
            return null;
        }

        var (assignTo, declares) = target switch
        {
            DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax single } declaration => (single.Identifier.ValueText, declaration.Type.ToString()),
            IdentifierNameSyntax name => (name.Identifier.ValueText, (string?)null),
            _ => ((string?)null, (string?)null),
        };
        // `out _` throws the copy away; there is nothing to rewrite it into.
        if (assignTo is null or "_" || ProcessIdExpression(model, bindings.Duplicate) is not { } processId)
        {
            return null;
        }

        var infoName = UniqueName(assignTo + "Info", statement, model);
        var duplicateCall = $"{Qualified(bindings.Duplicate)}({handle.WithoutTrivia()}, {processId}, out var {infoName});";
        var createCall = $"{Qualified(bindings.Create)}({FromInfo(bindings.Create)}, {FromInfo(bindings.Create)}, {FromInfo(bindings.Create)}, {RefKeyword(bindings.Create)}{infoName}, 0, {OverlappedFlag(bindings.Create)})";
        var assignment = declares is null ? $"{assignTo} = {createCall};" : $"{declares} {assignTo} = {createCall};";
        return (statement, new[] { SyntaxFactory.ParseStatement(duplicateCall), SyntaxFactory.ParseStatement(assignment) });
    }

    /// <summary>Both ends of the copy are this process: <c>GetCurrentProcess()</c> (kernel32, CsWin32, Vanara), <c>Process.GetCurrentProcess().Handle</c> or the pseudo handle -1.</summary>
    private static bool IsCurrentProcess(IOperation value) => FixFlow.ValueOf(value) switch
    {
        // The documented pseudo handle of the current process is (HANDLE)-1.
        var pseudo when (value.ConstantValue.HasValue ? value.ConstantValue : pseudo.ConstantValue) is { HasValue: true, Value: int or long } constant
            => System.Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture) == -1,
        IInvocationOperation { TargetMethod.Name: "GetCurrentProcess", Arguments.Length: 0 } => true,
        IPropertyReferenceOperation { Property.Name: "Handle" or "SafeHandle", Instance: { } instance } => IsCurrentProcess(instance),
        _ => false,
    };

    private sealed class Bindings
    {
        public Bindings(IMethodSymbol duplicate, IMethodSymbol create)
        {
            Duplicate = duplicate;
            Create = create;
        }

        public IMethodSymbol Duplicate { get; }

        public IMethodSymbol Create { get; }
    }

    /// <summary>
    /// A WSADuplicateSocket taking this handle and filling an info by <c>out</c>, and a WSASocket reading
    /// that info type and returning something assignable to the DuplicateHandle target: beside the
    /// DuplicateHandle binding first, then anywhere in the compilation's source.
    /// </summary>
    private static Bindings? FindBindings(INamedTypeSymbol beside, SemanticModel model, ITypeSymbol? handleType, ITypeSymbol targetType)
    {
        var catalog = SocketFixModel.For(model.Compilation);
        var candidates = beside.GetMembers().OfType<IMethodSymbol>().Concat(
            model.Compilation.GetSymbolsWithName(name => name.StartsWith("WSADuplicateSocket", System.StringComparison.Ordinal) || name.StartsWith("WSASocket", System.StringComparison.Ordinal), SymbolFilter.Member)
                .OfType<IMethodSymbol>());
        IMethodSymbol? duplicate = null;
        IMethodSymbol? create = null;
        foreach (var method in candidates)
        {
            if (!method.IsStatic || !model.IsAccessible(0, method) || catalog.Classify(method) is not { } api
                || !api.ParameterRoles.TryGetValue(ArgumentRole.ProtocolInfo, out var infoOrdinal) || infoOrdinal >= method.Parameters.Length)
            {
                continue;
            }

            var info = method.Parameters[infoOrdinal];
            if (duplicate is null && api.Kind == SocketOperationKind.DuplicateSocket && info.RefKind == RefKind.Out
                && handleType is not null && model.Compilation.ClassifyConversion(handleType, method.Parameters[0].Type).IsImplicit
                && method.Parameters[1].Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32)
            {
                duplicate = method;
            }
            else if (create is null && api.Kind == SocketOperationKind.CreateSocket && info.RefKind is RefKind.Ref or RefKind.In
                     && method.Parameters.Length == 6
                     && method.Parameters.Take(3).All(parameter => parameter.Type.SpecialType == SpecialType.System_Int32)
                     && model.Compilation.ClassifyConversion(method.ReturnType, targetType).IsIdentity)
            {
                create = method;
            }
        }

        return duplicate is not null && create is not null
               && SymbolEqualityComparer.Default.Equals(duplicate.Parameters[2].Type, create.Parameters[3].Type)
            ? new Bindings(duplicate, create)
            : null;
    }

    private static string? ProcessIdExpression(SemanticModel model, IMethodSymbol duplicate)
    {
        var environment = model.Compilation.GetTypeByMetadataName("System.Environment");
        if (environment is null || environment.GetMembers("ProcessId").IsEmpty)
        {
            return null;
        }

        return duplicate.Parameters[1].Type.SpecialType == SpecialType.System_UInt32
            ? "(uint)global::System.Environment.ProcessId"
            : "global::System.Environment.ProcessId";
    }

    private static string Qualified(IMethodSymbol method) =>
        method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + method.Name;

    private static string FromInfo(IMethodSymbol create) =>
        Constant(create.ContainingType, "FROM_PROTOCOL_INFO", FromProtocolInfo) ?? FromProtocolInfo.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string OverlappedFlag(IMethodSymbol create) => Constant(create.ContainingType, "WSA_FLAG_OVERLAPPED", 1) ?? "1";

    private static string? Constant(INamedTypeSymbol type, string name, long value) =>
        type.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault(field => field.HasConstantValue
            && System.Convert.ToInt64(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) == value) is { } field
            ? type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + field.Name
            : null;

    private static string RefKeyword(IMethodSymbol create) =>
        create.Parameters[3].RefKind == RefKind.Ref ? "ref " : "in ";

    private static string UniqueName(string wanted, StatementSyntax statement, SemanticModel model)
    {
        var member = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)statement;
        var taken = new HashSet<string>(member.DescendantTokens().Where(token => token.IsKind(SyntaxKind.IdentifierToken)).Select(token => token.ValueText));
        var name = wanted;
        for (var suffix = 2; taken.Contains(name) || !model.LookupSymbols(statement.SpanStart, name: name).IsEmpty; suffix++)
        {
            name = wanted + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}
