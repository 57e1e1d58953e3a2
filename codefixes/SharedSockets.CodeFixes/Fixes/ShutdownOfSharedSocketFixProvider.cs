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
/// to <c>socket.Close()</c>, or drops the shutdown when the descriptor is closed right after it; a call of
/// a project helper that only shuts down and closes its parameter becomes that close
/// (<see cref="CloseInsteadOfReleaseHelper"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ShutdownOfSharedSocketFixProvider)), Shared]
public sealed class ShutdownOfSharedSocketFixProvider : SocketCodeFixProvider
{
    internal const string CloseInsteadKey = "SOCK005.CloseInsteadOfShutdown";
    internal const string CloseInsteadTitle = "Close this descriptor instead of shutting the shared socket down";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ShutdownOfSharedSocket);

    internal override string FirstFixKey => CloseInsteadKey;

    internal override string FixAllTitle(string? equivalenceKey) => CloseInsteadTitle;

    private protected override async Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request)
    {
        if (await InvocationLocator.FindAsync(request.Document, request.Diagnostic.Location, request.CancellationToken).ConfigureAwait(false) is not { } invocation)
        {
            return PlannedFix.None;
        }

        var document = request.Document;
        var root = request.Root;
        if (CloseInsteadOfShutdown.Plan(invocation, request.Model, request.CancellationToken) is { } plan)
        {
            return PlannedFix.OfDocument(
                CloseInsteadKey,
                CloseInsteadTitle,
                ct => FixFormatting.FormatAnnotatedAsync(document.WithSyntaxRoot(plan.Apply(root.TrackNodes(plan.NodesToTrack))), ct)).AsOne();
        }

        // Reported through a project helper that shuts down and closes: the same fix, made at the call.
        if (CloseInsteadOfReleaseHelper.Plan(invocation, request.Model, request.CancellationToken) is { } helperPlan)
        {
            return PlannedFix.OfDocument(
                CloseInsteadKey,
                $"Close '{helperPlan.Descriptor}' instead of calling '{helperPlan.Helper}', which shuts the shared socket down",
                ct => FixFormatting.FormatAnnotatedAsync(document.WithSyntaxRoot(helperPlan.Apply(root.TrackNodes(helperPlan.NodesToTrack))), ct)).AsOne();
        }

        return PlannedFix.None;
    }
}
