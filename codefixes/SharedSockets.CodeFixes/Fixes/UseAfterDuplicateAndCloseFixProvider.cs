using System.Collections.Generic;
using System;
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
using SharedSockets.Analyzers;
using SharedSockets.CodeFixes.FixAll;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.CodeFixes.Safety;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK006 fix, the native-correct form (DESIGN §3): end the use of the Socket after DuplicateAndClose
/// closed it, without touching a path where the use is valid (<see cref="FixSafety"/>, rule 1):
/// <list type="bullet">
/// <item>after a hand-off that runs on every path to the use, the use could only throw
/// ObjectDisposedException: it is removed;</item>
/// <item>after a hand-off in one branch of an <c>if</c>, a use right after that <c>if</c> moves into the other
/// branch, where the Socket is still open: that path does exactly what it did;</item>
/// <item>in a loop that only a jump ends, a pass that hands the Socket off returns where it ends, instead of
/// starting a pass whose first statement uses the closed Socket (<see cref="ReturnAfterHandOffInLoop"/>);</item>
/// <item>any other shape (a use further down, in other loops, in a larger statement, through a project method) has no fix.</item>
/// </list>
/// Offered only for a statement that is the use itself (<c>socket.Send(…);</c>, <c>socket.NoDelay = true;</c>,
/// <c>await socket.SendAsync(…);</c>) inside a block, so nothing else moves and the code still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAfterDuplicateAndCloseFixProvider)), Shared]
public sealed class UseAfterDuplicateAndCloseFixProvider : SocketCodeFixProvider
{
    internal const string EndUseKey = "SOCK006.EndUseAfterHandOff";
    internal const string EndUseTitle = "End the uses of the Socket after its hand-off";


    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UseAfterDuplicateAndClose);

    internal override string FirstFixKey => EndUseKey;

    internal override string FixAllTitle(string? equivalenceKey) => EndUseTitle;

    private protected override Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request) =>
        Task.FromResult(Plan(request.Document, request.Root, request.Model, request.Diagnostic, request.CancellationToken) ?? PlannedFix.None);

    private static IEnumerable<PlannedFix>? Plan(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var handOff = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
        return PlanForTheUse(document, root, model, diagnostic, handOff, cancellationToken)
            ?? PlanReturnInLoop(document, root, model, diagnostic, handOff, cancellationToken);
    }

    /// <summary>The use in a loop that only a jump ends, at the top of the pass after a hand-off: return where that pass ends.</summary>
    private static IEnumerable<PlannedFix>? PlanReturnInLoop(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, SyntaxNode handOff, CancellationToken cancellationToken)
    {
        var use = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return ReturnAfterHandOffInLoop.Find(handOff, use, model, cancellationToken) is { } block
            ? PlannedFix.OfDocument(EndUseKey, "Return after the hand-off: the next pass would use the closed Socket", ct => ReturnAfterHandOffInLoop.ApplyAsync(document, block, ct)).AsOne()
            : null;
    }

    private static IEnumerable<PlannedFix>? PlanForTheUse(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, SyntaxNode handOff, CancellationToken cancellationToken)
    {
        if (FindUseStatement(root, model, diagnostic, cancellationToken) is not var (statement, shape))
        {
            return null;
        }

        var use = (statement.Expression is AwaitExpressionSyntax awaited ? awaited.Expression : statement.Expression).WithoutTrivia().ToString();
        if (FixSafety.MayRemove(statement, handOff))
        {
            // After an unconditional hand-off: the use alone goes; a statement that also does other work and
            // only reads the Socket runs before the hand-off instead, when nothing in it depends on the hand-off.
            return shape == UseShape.OnlyTheUse
                ? PlannedFix.OfDocument(EndUseKey, $"Remove '{use}': the Socket is closed after the hand-off", ct => RemoveAsync(document, statement, ct)).AsOne()
                : HandOffRightBefore(statement, handOff, model, cancellationToken) is { } handOffStatement
                    ? PlannedFix.OfDocument(EndUseKey, $"Move '{use}' before the hand-off", ct => MoveBeforeAsync(document, statement, handOffStatement, ct)).AsOne()
                    : null;
        }

        return OtherBranch(handOff, statement) is { } branch
            ? PlannedFix.OfDocument(EndUseKey, $"Move '{use}' into the branch that keeps the Socket", ct => MoveAsync(document, statement, branch, ct)).AsOne()
            : null;
    }

    /// <summary>
    /// The hand-off's statement when it comes right before <paramref name="statement"/> in the same block and
    /// declares nothing <paramref name="statement"/> reads (so the statement can run first).
    /// </summary>
    private static StatementSyntax? HandOffRightBefore(StatementSyntax statement, SyntaxNode handOff, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement.Parent is not BlockSyntax block
            || block.Statements.IndexOf(statement) is var index && index < 1
            || block.Statements[index - 1] is not { } previous
            || !previous.Span.Contains(handOff.Span))
        {
            return null;
        }

        var declared = previous.DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .Select(declarator => model.GetDeclaredSymbol(declarator, cancellationToken))
            .Where(symbol => symbol is not null)
            .ToList();
        var assigned = previous.DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .Select(assignment => model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol)
            .Where(symbol => symbol is not null);
        declared.AddRange(assigned);
        var reads = statement.DescendantNodes().OfType<IdentifierNameSyntax>().Select(name => model.GetSymbolInfo(name, cancellationToken).Symbol);
        return reads.Any(read => declared.Contains(read, SymbolEqualityComparer.Default)) ? null : previous;
    }

    private static async Task<Document> MoveBeforeAsync(Document document, StatementSyntax statement, StatementSyntax handOff, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        editor.InsertBefore(handOff, statement.WithoutLeadingTrivia().WithTrailingTrivia(FixFormatting.EndOfLine(handOff)).WithAdditionalAnnotations(Formatter.Annotation));
        return await FixFormatting.FormatAnnotatedAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> RemoveAsync(Document document, StatementSyntax statement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        return editor.GetChangedDocument();
    }

    /// <summary>
    /// The <c>if</c> right before <paramref name="use"/> (same block) whose one branch hands the Socket off on every
    /// path through it, and the other branch (null: none yet) that completes normally; null when the shape differs.
    /// </summary>
    private static Branch? OtherBranch(SyntaxNode handOff, StatementSyntax use)
    {
        var index = use.Parent is BlockSyntax parent ? parent.Statements.IndexOf(use) : -1;
        if (index < 1
            || ((BlockSyntax)use.Parent!).Statements[index - 1] is not IfStatementSyntax ifStatement
            || !ifStatement.Span.Contains(handOff.Span))
        {
            return null;
        }

        var inThen = ifStatement.Statement.Span.Contains(handOff.Span);
        var handingOff = inThen ? ifStatement.Statement : ifStatement.Else?.Statement;
        var other = inThen ? ifStatement.Else?.Statement : ifStatement.Statement;
        if (handingOff is not BlockSyntax handingOffBlock
            || handingOffBlock.Statements.Count == 0
            || !FixSafety.MayRemove(handingOffBlock.Statements.Last(), handOff) && !IsStatementOf(handOff, handingOffBlock.Statements.Last())
            || other is IfStatementSyntax
            || other is not null and not BlockSyntax
            || other is BlockSyntax { Statements.Count: > 0 } otherBlock && EndsAbruptly(otherBlock.Statements.Last()))
        {
            return null;
        }

        return new Branch(ifStatement, (BlockSyntax?)other, inThen);
    }

    private static bool IsStatementOf(SyntaxNode node, StatementSyntax statement) =>
        node.FirstAncestorOrSelf<StatementSyntax>() == statement && statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax;

    private static bool EndsAbruptly(StatementSyntax statement) =>
        statement is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax;

    private sealed class Branch
    {
        public Branch(IfStatementSyntax ifStatement, BlockSyntax? other, bool handOffInThen)
        {
            If = ifStatement;
            Other = other;
            HandOffInThen = handOffInThen;
        }

        public IfStatementSyntax If { get; }

        public BlockSyntax? Other { get; }

        public bool HandOffInThen { get; }
    }

    private static async Task<Document> MoveAsync(Document document, StatementSyntax use, Branch branch, CancellationToken cancellationToken)
    {
        var moved = use.WithoutLeadingTrivia().WithTrailingTrivia(use.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
        var other = (branch.Other ?? SyntaxFactory.Block()).AddStatements(moved).WithAdditionalAnnotations(Formatter.Annotation);
        var rewritten = branch.HandOffInThen
            ? branch.If.WithElse(SyntaxFactory.ElseClause(other).WithAdditionalAnnotations(Formatter.Annotation))
            : branch.If.WithStatement(other);
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(branch.If, rewritten);
        editor.RemoveNode(use, SyntaxRemoveOptions.KeepUnbalancedDirectives);

        // The blank line and comments above the use stay where they were, above the statement that now follows the if.
        var block = (BlockSyntax)use.Parent!;
        var index = block.Statements.IndexOf(use);
        if (index + 1 < block.Statements.Count)
        {
            var next = block.Statements[index + 1];
            editor.ReplaceNode(next, next.WithLeadingTrivia(use.GetLeadingTrivia()));
        }
        return await FixFormatting.FormatAnnotatedAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How the statement that holds the use can be ended.</summary>
    private enum UseShape
    {
        /// <summary>The statement is the use (<c>socket.Send(…);</c>), a Winsock call on its stale handle (<c>closesocket(socket.Handle);</c>) or a discarded read: it can only throw or act on a handle value that may now be another object's.</summary>
        OnlyTheUse,

        /// <summary>The statement only reads properties of the Socket among other work (<c>Console.WriteLine(socket.RemoteEndPoint)</c>): it must not go, but it may run before the hand-off.</summary>
        ReadsTheSocket,
    }

    private static (ExpressionStatementSyntax Statement, UseShape Shape)? FindUseStatement(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var use = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (use.Span != diagnostic.Location.SourceSpan
            || use.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement
            || use.Ancestors().TakeWhile(node => node != statement).Any(node => node is AnonymousFunctionExpressionSyntax))
        {
            return null;
        }

        // `out var x` / `out x` may declare or assign what later code reads.
        if (statement.DescendantNodes().OfType<ArgumentSyntax>().Any(argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            || statement.DescendantNodes().OfType<DeclarationExpressionSyntax>().Any())
        {
            return null;
        }

        var expression = statement.Expression is AwaitExpressionSyntax awaited ? awaited.Expression : statement.Expression;
        if (expression == use && IsSocketMemberUse(use, model, cancellationToken)
            || expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Right: var read } && read == use && IsPropertyRead(use, model, cancellationToken)
            || expression is InvocationExpressionSyntax call && call.ArgumentList.Span.Contains(use.Span) && IsWinsockCallOnHandle(call, use, model, cancellationToken))
        {
            return (statement, UseShape.OnlyTheUse);
        }

        return ReadsOnlyProperties(statement, use, model, cancellationToken) ? (statement, UseShape.ReadsTheSocket) : null;
    }

    /// <summary><c>closesocket(socket.Handle)</c>, <c>Ws2.shutdown(socket.Handle, 2)</c>: a Winsock call whose only use of the Socket is its handle.</summary>
    private static bool IsWinsockCallOnHandle(InvocationExpressionSyntax call, SyntaxNode use, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method
        && SocketFixModel.For(model.Compilation).Classify(method) is { IsNative: true }
        && use is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Handle" or "SafeHandle" };

    private static bool IsPropertyRead(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken) =>
        node is MemberAccessExpressionSyntax && model.GetSymbolInfo(node, cancellationToken).Symbol is IPropertySymbol { IsStatic: false } property
        && property.ContainingType.ToDisplayString() == SocketMembers.SocketMetadataName;

    /// <summary>Every mention of the used Socket in the statement is a property read: moving it changes nothing on the socket.</summary>
    private static bool ReadsOnlyProperties(StatementSyntax statement, SyntaxNode use, SemanticModel model, CancellationToken cancellationToken)
    {
        if (use is not MemberAccessExpressionSyntax { Expression: var socket } || model.GetSymbolInfo(socket, cancellationToken).Symbol is not { } symbol)
        {
            return false;
        }

        foreach (var name in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != symbol.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, symbol))
            {
                continue;
            }

            var isRead = name.Parent is MemberAccessExpressionSyntax access
                         && access.Expression == name
                         && IsPropertyRead(access, model, cancellationToken)
                         && access.Parent is not (AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax);
            if (!isRead)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The flagged expression calls or sets a member of Socket itself (not a project method that uses it).</summary>
    private static bool IsSocketMemberUse(SyntaxNode use, SemanticModel model, CancellationToken cancellationToken)
    {
        var member = use switch
        {
            InvocationExpressionSyntax invocation => invocation,
            AssignmentExpressionSyntax assignment => assignment.Left,
            ConditionalAccessExpressionSyntax { WhenNotNull: AssignmentExpressionSyntax assignment } => assignment.Left,
            ConditionalAccessExpressionSyntax access => access.WhenNotNull,
            _ => null,
        };

        var symbol = member is null ? null : model.GetSymbolInfo(member, cancellationToken).Symbol;
        var socket = model.Compilation.GetTypeByMetadataName(SocketMembers.SocketMetadataName);
        return symbol is { IsStatic: false } && socket is not null && SymbolEqualityComparer.Default.Equals(symbol.ContainingType, socket);
    }
}
