using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SharedSockets.Analyzers;
using SharedSockets.CodeFixes.FixAll;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK005: release only this descriptor. [doc] closesocket releases one descriptor and the socket
/// lives on for the other holders, where shutdown stops I/O for all of them. Rewrites
/// <c>shutdown(s, how)</c> to <c>closesocket(s)</c> and <c>socket.Shutdown(how)</c>/<c>Disconnect(…)</c>
/// to <c>socket.Close()</c>, or drops the shutdown when the descriptor is closed right after it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ShutdownOfSharedSocketFixProvider)), Shared]
public sealed class ShutdownOfSharedSocketFixProvider : SocketCodeFixProvider
{
    internal const string CloseInsteadKey = "SOCK005.CloseInsteadOfShutdown";
    internal const string CloseInsteadTitle = "Close this descriptor instead of shutting the shared socket down";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ShutdownOfSharedSocket);

    internal override string FixAllTitle(string? equivalenceKey) => CloseInsteadTitle;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await InvocationLocator.FindAsync(context.Document, diagnostic.Location, context.CancellationToken).ConfigureAwait(false) is { } invocation
                && CloseInsteadOfShutdown.Plan(invocation, model, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        CloseInsteadTitle,
                        ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        CloseInsteadKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var plans = new List<CloseInsteadOfShutdown>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (await InvocationLocator.FindAsync(document, diagnostic.Location, cancellationToken).ConfigureAwait(false) is { } invocation
                && CloseInsteadOfShutdown.Plan(invocation, model, cancellationToken) is { } plan)
            {
                plans.Add(plan);
            }
        }

        var tracked = root.TrackNodes(plans.SelectMany(plan => plan.NodesToTrack));
        foreach (var plan in plans)
        {
            tracked = plan.Apply(tracked);
        }

        var changed = document.WithSyntaxRoot(tracked);
        return await FixFormatting.FormatAnnotatedAsync(changed, cancellationToken).ConfigureAwait(false);
    }
}
