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
    internal const string FirstSafeFixKey = "SOCK002.FirstSafeFix";
    internal const string CloseAfterHandOffKey = "SOCK002.CloseAfterHandOff";
    internal const string ClearBeforeDuplicatingKey = "SOCK002.ClearRegistrationBeforeDuplicating";
    internal const string CloseAfterHandOffTitle = "Close this descriptor after handing it off";
    internal const string ClearBeforeDuplicatingTitle = "Clear this descriptor's event registration before duplicating it";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DuplicatedToProcessesExpectingEvents);

    internal override string FirstFixKey => FirstSafeFixKey;

    internal override string FixAllTitle(string? equivalenceKey) => TitleOf(equivalenceKey);

    private protected override async Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request)
    {
        var fixes = new List<PlannedFix>();
        foreach (var key in new[] { CloseAfterHandOffKey, ClearBeforeDuplicatingKey })
        {
            if (await DuplicationHandOffEdit.PlanAsync(request.Document, request.Diagnostic, key == CloseAfterHandOffKey, request.CancellationToken).ConfigureAwait(false) is { } edit)
            {
                var document = request.Document;
                fixes.Add(PlannedFix.OfDocument(key, TitleOf(key), async ct =>
                    document.WithSyntaxRoot(edit.Apply((await document.GetSyntaxRootAsync(ct).ConfigureAwait(false))!.TrackNodes(edit.Anchor)))));
            }
        }

        return fixes;
    }

    private static string TitleOf(string? key) => key switch
    {
        CloseAfterHandOffKey => CloseAfterHandOffTitle,
        ClearBeforeDuplicatingKey => ClearBeforeDuplicatingTitle,
        _ => "Hand each duplicated socket off, or clear its source registration",
    };
}
