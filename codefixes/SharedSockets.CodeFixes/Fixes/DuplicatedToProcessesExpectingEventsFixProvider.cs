using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SharedSockets.Analyzers;
using SharedSockets.CodeFixes.FixAll;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK002 fixes for a source that keeps its registration on a socket it duplicated: complete the
/// hand-off (close the source descriptor after duplicating), or clear the registration before
/// duplicating. Pools whose workers all register have no native-correct form: no fix is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DuplicatedToProcessesExpectingEventsFixProvider)), Shared]
public sealed class DuplicatedToProcessesExpectingEventsFixProvider : SocketCodeFixProvider
{
    internal const string CloseAfterHandOffKey = "SOCK002.CloseAfterHandOff";
    internal const string ClearBeforeDuplicatingKey = "SOCK002.ClearRegistrationBeforeDuplicating";
    internal const string CloseAfterHandOffTitle = "Close this descriptor after handing it off";
    internal const string ClearBeforeDuplicatingTitle = "Clear this descriptor's event registration before duplicating it";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DuplicatedToProcessesExpectingEvents);

    internal override string FixAllTitle(string? equivalenceKey) => TitleOf(equivalenceKey);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var key in new[] { CloseAfterHandOffKey, ClearBeforeDuplicatingKey })
            {
                if (await DuplicationHandOffEdit.PlanAsync(context.Document, diagnostic, key == CloseAfterHandOffKey, context.CancellationToken).ConfigureAwait(false) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(TitleOf(key), ct => FixDocumentAsync(context.Document, key, ImmutableArray.Create(diagnostic), ct), key),
                        diagnostic);
                }
            }
        }
    }

    private static string TitleOf(string? key) => key switch
    {
        CloseAfterHandOffKey => CloseAfterHandOffTitle,
        ClearBeforeDuplicatingKey => ClearBeforeDuplicatingTitle,
        _ => "Hand each duplicated socket off, or clear its source registration",
    };

    private static async Task<Document> FixDocumentAsync(Document document, string key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var edits = new List<DuplicationHandOffEdit>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (await DuplicationHandOffEdit.PlanAsync(document, diagnostic, key == CloseAfterHandOffKey, cancellationToken).ConfigureAwait(false) is { } edit)
            {
                edits.Add(edit);
            }
        }

        var tracked = root.TrackNodes(edits.Select(edit => edit.Anchor));
        foreach (var edit in edits)
        {
            tracked = edit.Apply(tracked);
        }

        return document.WithSyntaxRoot(tracked);
    }
}
