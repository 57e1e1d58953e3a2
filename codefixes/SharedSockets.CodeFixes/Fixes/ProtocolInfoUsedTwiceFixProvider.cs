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
using Microsoft.CodeAnalysis.Operations;
using SharedSockets.Analyzers;
using SharedSockets.CodeFixes.FixAll;
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK007 fix, the native-correct form: duplicate once per socket. For a second WSASocket from one
/// info, a fresh <c>WSADuplicateSocket(source, pid, out info)</c> (a copy of the one that filled it)
/// goes right before it; for a creation in a loop, the duplication that filled the info moves into
/// the loop, before the creation. Offered only when that duplication is in the same body, its source
/// and process id are plain names that still denote the same values there, and (for the move) the
/// info is used nowhere else. <c>new Socket(SocketInformation)</c> cannot be duplicated again
/// (<c>DuplicateAndClose</c> closed the source): a second one becomes the first Socket when nothing can
/// tell the two objects apart (<see cref="ShareTheFirstSocket"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProtocolInfoUsedTwiceFixProvider)), Shared]
public sealed class ProtocolInfoUsedTwiceFixProvider : SocketCodeFixProvider
{
    internal const string FirstSafeFixKey = "SOCK007.FirstSafeFix";
    internal const string DuplicateAgainKey = "SOCK007.DuplicatePerSocket";
    internal const string ShareFirstSocketKey = "SOCK007.ShareTheFirstSocket";
    internal const string DuplicateAgainTitle = "Duplicate the socket once per created descriptor";
    internal const string ShareFirstSocketTitle = "Use the first Socket again instead of creating a second one from the same information";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ProtocolInfoUsedTwice);

    internal override string FirstFixKey => FirstSafeFixKey;

    internal override string FixAllTitle(string? equivalenceKey) => equivalenceKey switch
    {
        DuplicateAgainKey => DuplicateAgainTitle,
        ShareFirstSocketKey => ShareFirstSocketTitle,
        _ => "Create one socket per duplication",
    };

    private protected override Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request) =>
        Task.FromResult(Plan(request.Document, request.Root, request.Model, request.Diagnostic, request.CancellationToken) ?? PlannedFix.None);

    private static IEnumerable<PlannedFix>? Plan(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (PlanEdit(root, model, diagnostic, cancellationToken) is { } edit)
        {
            return PlannedFix.OfDocument(DuplicateAgainKey, DuplicateAgainTitle, ct => ApplyAsync(document, edit, ct)).AsOne();
        }

        return ShareTheFirstSocket.Find(root, model, diagnostic, cancellationToken) is var (second, firstName)
            ? PlannedFix.OfDocument(ShareFirstSocketKey, $"Use '{firstName}' here too: one Socket per duplication", ct => Task.FromResult(document.WithSyntaxRoot(ShareTheFirstSocket.Apply(root, second, firstName)))).AsOne()
            : null;
    }

    /// <summary>The edit: insert <see cref="Refill"/> before <see cref="Before"/>, removing <see cref="Moved"/> when it moves.</summary>
    private sealed class Edit
    {
        public Edit(StatementSyntax before, StatementSyntax refill, StatementSyntax? moved)
        {
            Before = before;
            Refill = refill;
            Moved = moved;
        }

        public StatementSyntax Before { get; }

        public StatementSyntax Refill { get; }

        public StatementSyntax? Moved { get; }
    }

    private static async Task<Document> ApplyAsync(Document document, Edit edit, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var refill = edit.Refill.WithoutLeadingTrivia().WithTrailingTrivia(FixFormatting.EndOfLine(edit.Before)).WithAdditionalAnnotations(Formatter.Annotation);
        if (edit.Moved is not null)
        {
            editor.RemoveNode(edit.Moved, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        }

        if (edit.Before.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            editor.InsertBefore(edit.Before, refill);
        }
        else
        {
            // An embedded loop body (`for (…) d[i] = WSASocket(…);`) becomes a block.
            editor.ReplaceNode(edit.Before, SyntaxFactory.Block(refill, edit.Before.WithoutLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return await FixFormatting.FormatAnnotatedAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static Edit? PlanEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax creation
            || creation.Span != diagnostic.Location.SourceSpan
            || model.GetOperation(creation, cancellationToken) is not IInvocationOperation creationOperation)
        {
            return null;
        }

        var binder = SocketFixModel.For(model.Compilation);
        if (!binder.BindDirect(creationOperation).Any(call => call.Kind == SocketOperationKind.CreateSocket)
            || binder.BindDirect(creationOperation).First()[ArgumentRole.ProtocolInfo] is not { } infoArgument
            || FixFlow.ValueOf(infoArgument) is not ILocalReferenceOperation { Local: var info }
            || creation.FirstAncestorOrSelf<StatementSyntax>() is not { } creationStatement
            || FindFill(FixFlow.BodyOf(creationOperation), info, creation.SpanStart, binder) is not { } fill)
        {
            return null;
        }

        var fillStatement = StatementOf(fill.Syntax);
        if (fillStatement is null
            || fill[ArgumentRole.Socket]?.Syntax is not ExpressionSyntax source
            || fill[ArgumentRole.ProcessId]?.Syntax is not ExpressionSyntax processId
            || !InScopeExpressions.IsReusable(source, model)
            || !InScopeExpressions.IsReusable(processId, model))
        {
            return null;
        }

        var loop = FixFlow.EnclosingLoop(creation);
        var moves = loop is not null && !loop.Span.Contains(fill.Syntax.Span);
        var unchangedFrom = fillStatement.Span.End;
        var unchangedTo = moves ? loop!.Span.End : creationStatement.SpanStart;
        if (!InScopeExpressions.BindsTheSameAt(source, model, model, creationStatement.SpanStart, cancellationToken)
            || !InScopeExpressions.BindsTheSameAt(processId, model, model, creationStatement.SpanStart, cancellationToken)
            || IsWrittenBetween(source, fill.Root, unchangedFrom, unchangedTo, model, cancellationToken)
            || IsWrittenBetween(processId, fill.Root, unchangedFrom, unchangedTo, model, cancellationToken))
        {
            return null;
        }

        if (moves)
        {
            // Moving keeps one duplication per socket; only when nothing outside the loop reads this info.
            return fillStatement.Parent is BlockSyntax && IsOnlyUsedIn(info, fillStatement, creationStatement, loop!, root, model, cancellationToken)
                ? new Edit(creationStatement, fillStatement, fillStatement)
                : null;
        }

        return new Edit(creationStatement, WithoutDeclaration(fillStatement, fill.Syntax), moved: null);
    }

    /// <summary>The nearest WSADuplicateSocket before <paramref name="position"/> that fills <paramref name="info"/>.</summary>
    private static SocketCall? FindFill(IOperation body, ILocalSymbol info, int position, SocketFixModel binder)
    {
        SocketCall? nearest = null;
        foreach (var invocation in body.Descendants().OfType<IInvocationOperation>())
        {
            if (invocation.Syntax.SpanStart >= position)
            {
                continue;
            }

            foreach (var call in binder.BindDirect(invocation))
            {
                if (call.Kind == SocketOperationKind.DuplicateSocket
                    && call[ArgumentRole.ProtocolInfo] is { } filled
                    && SymbolEqualityComparer.Default.Equals(FixFlow.StorageOf(filled), info)
                    && (nearest is null || nearest.Syntax.SpanStart < call.Syntax.SpanStart))
                {
                    nearest = call;
                }
            }
        }

        return nearest;
    }

    /// <summary><c>Dup(…);</c> or <c>if (Dup(…) != 0) throw …;</c>: the statement that does the duplication and its check.</summary>
    private static StatementSyntax? StatementOf(SyntaxNode fill) => fill.Parent switch
    {
        ExpressionStatementSyntax statement => statement,
        _ when fill.FirstAncestorOrSelf<IfStatementSyntax>() is { } check && check.Condition.Span.Contains(fill.Span) && check.Else is null => check,
        _ => null,
    };

    /// <summary>The copy assigns the existing info: <c>out var info</c> becomes <c>out info</c>.</summary>
    private static StatementSyntax WithoutDeclaration(StatementSyntax statement, SyntaxNode fill) =>
        statement.ReplaceNodes(
            statement.DescendantNodes().OfType<DeclarationExpressionSyntax>().Where(declaration => fill.Span.Contains(declaration.Span)),
            (declaration, _) => declaration.Designation is SingleVariableDesignationSyntax single
                ? SyntaxFactory.IdentifierName(single.Identifier.WithoutTrivia()).WithTriviaFrom(declaration)
                : declaration);

    private static bool IsWrittenBetween(ExpressionSyntax expression, IOperation body, int start, int end, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var name in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(name, cancellationToken).Symbol is { Kind: SymbolKind.Local or SymbolKind.Parameter or SymbolKind.Field or SymbolKind.Property } symbol
                && FixFlow.IsWrittenBetween(body, symbol, start, end))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOnlyUsedIn(ILocalSymbol info, StatementSyntax fill, StatementSyntax creationStatement, StatementSyntax loop, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        var declaration = info.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
        if (declaration is null || !fill.Span.Contains(declaration.Span))
        {
            return false;
        }

        var body = fill.Parent!;
        foreach (var name in body.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != info.Name
                || fill.Span.Contains(name.Span)
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, info))
            {
                continue;
            }

            // After the move the info is declared at the creation's statement: every read must follow it inside the loop.
            if (!loop.Span.Contains(name.Span) || name.SpanStart < creationStatement.SpanStart)
            {
                return false;
            }
        }

        return true;
    }
}
