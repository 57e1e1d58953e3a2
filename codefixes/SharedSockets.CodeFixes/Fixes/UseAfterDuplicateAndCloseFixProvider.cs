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
using SharedSockets.Analyzers;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK006 fix, the native-correct form (DESIGN §3): remove the statement that uses the Socket after
/// DuplicateAndClose closed it. It could only throw ObjectDisposedException (or act on a stale handle
/// value); the socket now belongs to the target process. Offered only for a statement that is the use
/// itself (<c>socket.Send(…);</c>, <c>socket.NoDelay = true;</c>, <c>await socket.SendAsync(…);</c>)
/// inside a block, so nothing else is removed and the code still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAfterDuplicateAndCloseFixProvider)), Shared]
public sealed class UseAfterDuplicateAndCloseFixProvider : OnePlanFixProvider
{
    internal const string RemoveUseKey = "SOCK006.RemoveUse";
    internal const string RemoveUseTitle = "Remove the use of the closed Socket";

    private const string SocketMetadataName = "System.Net.Sockets.Socket";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UseAfterDuplicateAndClose);

    internal override string Title => RemoveUseTitle;

    internal override string EquivalenceKey => RemoveUseKey;

    private protected override Func<CancellationToken, Task<Document>>? Plan(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        FindRemovableStatement(root, model, diagnostic, cancellationToken) is { } statement
            ? ct => RemoveAsync(document, statement, ct)
            : null;

    private static async Task<Document> RemoveAsync(Document document, StatementSyntax statement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        return editor.GetChangedDocument();
    }

    private static ExpressionStatementSyntax? FindRemovableStatement(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
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
