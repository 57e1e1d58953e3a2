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
/// <item>any other shape (a use further down, in a loop, in a larger statement, through a project method) has no fix.</item>
/// </list>
/// Offered only for a statement that is the use itself (<c>socket.Send(…);</c>, <c>socket.NoDelay = true;</c>,
/// <c>await socket.SendAsync(…);</c>) inside a block, so nothing else moves and the code still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAfterDuplicateAndCloseFixProvider)), Shared]
public sealed class UseAfterDuplicateAndCloseFixProvider : OnePlanFixProvider
{
    internal const string EndUseKey = "SOCK006.EndUseAfterHandOff";
    internal const string EndUseTitle = "End the uses of the Socket after its hand-off";

    private const string SocketMetadataName = "System.Net.Sockets.Socket";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UseAfterDuplicateAndClose);

    internal override string Title => EndUseTitle;

    internal override string EquivalenceKey => EndUseKey;

    private protected override PlannedFix? Plan(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (FindUseStatement(root, model, diagnostic, cancellationToken) is not { } statement
            || diagnostic.AdditionalLocations.Count == 0
            || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var handOff = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
        var use = statement.WithoutTrivia().ToString();
        if (FixSafety.MayRemove(statement, handOff))
        {
            return new PlannedFix($"Remove '{use}': the Socket is closed after the hand-off", ct => RemoveAsync(document, statement, ct));
        }

        return OtherBranch(handOff, statement) is { } branch
            ? new PlannedFix($"Move '{use}' into the branch that keeps the Socket", ct => MoveAsync(document, statement, branch, ct))
            : null;
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
        return await FixFormatting.FormatAnnotatedAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static ExpressionStatementSyntax? FindUseStatement(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var use = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (use.Span != diagnostic.Location.SourceSpan
            || use.Parent is not { } parent
            || (parent is AwaitExpressionSyntax ? parent.Parent : parent) is not ExpressionStatementSyntax statement
            || statement.Parent is not (BlockSyntax or SwitchSectionSyntax)
            || !IsSocketMemberUse(use, model, cancellationToken))
        {
            return null;
        }

        // `out var x` / `out x` may declare or assign what later code reads.
        var writesOut = statement.DescendantNodes().OfType<ArgumentSyntax>().Any(argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None))
                        || statement.DescendantNodes().OfType<DeclarationExpressionSyntax>().Any();
        return writesOut ? null : statement;
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
        var socket = model.Compilation.GetTypeByMetadataName(SocketMetadataName);
        return symbol is { IsStatic: false } && socket is not null && SymbolEqualityComparer.Default.Equals(symbol.ContainingType, socket);
    }
}
