using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
using SharedSockets.Analyzers.Model;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK003 fixes, both native-correct because an option belongs to the socket: remove a later set that
/// repeats the value already in effect (only where the earlier set runs on every path to it), or write the
/// later set through the descriptor that set it first. The second changes no behaviour (the later value
/// still wins, for every descriptor) and its title says so: it only makes the code read as what it does.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OptionSetAsIfPerDescriptorFixProvider)), Shared]
public sealed class OptionSetAsIfPerDescriptorFixProvider : SocketCodeFixProvider
{
    internal const string FirstSafeFixKey = "SOCK003.FirstSafeFix";
    internal const string RemoveRedundantSetKey = "SOCK003.RemoveRedundantSet";
    internal const string SetThroughFirstDescriptorKey = "SOCK003.SetThroughFirstDescriptor";
    internal const string RemoveRedundantSetTitle = "Remove the redundant set: the socket already has this value";
    internal const string SetThroughFirstDescriptorTitle = "Set the option through the descriptor that set it first (behaviour unchanged)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.OptionSetAsIfPerDescriptor);

    internal override string FirstFixKey => FirstSafeFixKey;

    internal override string FixAllTitle(string? equivalenceKey) =>
        equivalenceKey switch
        {
            RemoveRedundantSetKey => RemoveRedundantSetTitle,
            SetThroughFirstDescriptorKey => SetThroughFirstDescriptorTitle,
            _ => "Remove or retarget each option set through another descriptor",
        };

    private protected override async Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request)
    {
        var (document, root, model, diagnostic, cancellationToken) = (request.Document, request.Root, request.Model, request.Diagnostic, request.CancellationToken);
        var fixes = new List<PlannedFix>();
        if (diagnostic.AdditionalLocations.Count == 0
            || SocketCallSite.Find(root, model, diagnostic.Location, IsSetOption, cancellationToken) is not { } later)
        {
            return fixes;
        }

        if (diagnostic.Properties.ContainsKey(DiagnosticProperties.SameValue)
            && RemovableStatement(later.Call, root, diagnostic.AdditionalLocations[0]) is { } statement)
        {
            fixes.Add(PlannedFix.OfDocument(
                RemoveRedundantSetKey,
                RemoveRedundantSetTitle,
                ct => Task.FromResult(document.WithSyntaxRoot(root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives)!))));
        }

        if (await RetargetAsync(document, model, later, diagnostic.AdditionalLocations[0], cancellationToken).ConfigureAwait(false) is { } retargeted)
        {
            fixes.Add(PlannedFix.OfDocument(
                SetThroughFirstDescriptorKey,
                $"Set the option through '{retargeted.Descriptor}' (the same socket; behaviour unchanged)",
                ct => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(later.Call, retargeted.Call)))));
        }

        return fixes;
    }

    private static bool IsSetOption(SocketCall call) => call.Kind == SocketOperationKind.SetOption;

    /// <summary>The later set's statement, when removing it is safe: the earlier set runs on every path to it (rule 1).</summary>
    private static StatementSyntax? RemovableStatement(ExpressionSyntax later, SyntaxNode root, Location earlierLocation)
    {
        if (later.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement
            || earlierLocation.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var earlier = root.FindNode(earlierLocation.SourceSpan, getInnermostNodeForTie: true);
        return FixSafety.MayRemove(statement, earlier) ? statement : null;
    }

    private static async Task<(ExpressionSyntax Call, string Descriptor)?> RetargetAsync(
        Document document, SemanticModel model, SocketCallSite later, Location earlierLocation, CancellationToken cancellationToken)
    {
        if (later.Socket is null
            || later.Target is null
            || earlierLocation.SourceTree is not { } earlierTree
            || document.Project.Solution.GetDocument(earlierTree) is not { } earlierDocument
            || await earlierDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } earlierRoot
            || await earlierDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } earlierModel
            || SocketCallSite.Find(earlierRoot, earlierModel, earlierLocation, IsSetOption, cancellationToken) is not { Socket: { } earlierSocket })
        {
            return null;
        }

        if (!InScopeExpressions.IsReusable(earlierSocket, earlierModel)
            || !InScopeExpressions.BindsTheSameAt(earlierSocket, earlierModel, model, later.Call.SpanStart, cancellationToken))
        {
            return null;
        }

        var bare = earlierSocket.WithoutTrivia();

        foreach (var candidate in Candidates(bare, earlierModel.GetTypeInfo(earlierSocket, cancellationToken).Type))
        {
            if (candidate.IsEquivalentTo(later.Socket.WithoutTrivia()))
            {
                return null;
            }

            var rewritten = later.Call.ReplaceNode(later.Socket, candidate.WithTriviaFrom(later.Socket));
            if (SymbolEqualityComparer.Default.Equals(SocketCallSite.SpeculativeTargetOf(rewritten, model, later.Call.SpanStart), later.Target))
            {
                return (rewritten, candidate.ToString());
            }
        }

        return null;
    }

    /// <summary>The earlier descriptor as written, or its <c>Handle</c>/<c>SafeHandle</c> when it is a Socket and the later call takes a handle.</summary>
    private static IEnumerable<ExpressionSyntax> Candidates(ExpressionSyntax socket, ITypeSymbol? type)
    {
        yield return socket;
        if (type is { Name: "Socket", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Net.Sockets")
        {
            foreach (var member in new[] { "Handle", "SafeHandle" })
            {
                yield return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, socket, SyntaxFactory.IdentifierName(member));
            }
        }
    }
}
