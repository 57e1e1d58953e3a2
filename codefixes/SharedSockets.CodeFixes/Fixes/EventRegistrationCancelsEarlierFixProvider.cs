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
using SharedSockets.Analyzers.FixSupport;
using SharedSockets.CodeFixes.FixAll;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>SOCK001 fixes: additive SharedWinsock registrations (with the shim), or one target with the combined mask.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EventRegistrationCancelsEarlierFixProvider)), Shared]
public sealed class EventRegistrationCancelsEarlierFixProvider : SocketCodeFixProvider
{
    internal const string FirstSafeFixKey = "SOCK001.FirstSafeFix";
    internal const string UseSharedWinsockKey = "SOCK001.UseSharedWinsock";
    internal const string CombineMaskKey = "SOCK001.CombineMask";
    internal const string UseSharedWinsockTitle = "Use SharedWinsock's additive registrations";
    internal const string CombineMaskTitle = "Register the earlier target once with the combined mask";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.EventRegistrationCancelsEarlier);

    internal override string FirstFixKey => FirstSafeFixKey;

    internal override string FixAllTitle(string? equivalenceKey) => TitleOf(equivalenceKey);

    private protected override async Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request)
    {
        var solution = request.Document.Project.Solution;
        var fixes = new List<PlannedFix>();
        foreach (var key in new[] { UseSharedWinsockKey, CombineMaskKey })
        {
            var plan = new InvocationRewritePlan();
            if (await AddToPlanAsync(key, plan, solution, request.Diagnostic, request.CancellationToken).ConfigureAwait(false))
            {
                fixes.Add(PlannedFix.OfSolution(key, TitleOf(key), ct => plan.ApplyAsync(solution, ct)));
            }
        }

        return fixes;
    }

    private static string TitleOf(string? key) => key switch
    {
        UseSharedWinsockKey => UseSharedWinsockTitle,
        CombineMaskKey => CombineMaskTitle,
        _ => "Stop each registration from cancelling the earlier one",
    };

    private static async Task<bool> AddToPlanAsync(string key, InvocationRewritePlan plan, Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (key == CombineMaskKey)
        {
            return await CombinedMaskRewrite.AddAsync(plan, solution, diagnostic, cancellationToken).ConfigureAwait(false);
        }

        var document = diagnostic.Location.SourceTree is { } tree ? solution.GetDocument(tree) : null;
        var compilation = document is null ? null : await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || !ShimReference.IsReferenced(compilation))
        {
            return false;
        }

        // Every event selection on the socket must become additive, the earlier one included: a native
        // one left behind would cancel the shim's own registration underneath.
        var locations = new List<Location> { diagnostic.Location };
        locations.AddRange(diagnostic.AdditionalLocations);
        if (await document!.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model
            && await InvocationLocator.FindAsync(document, diagnostic.Location, cancellationToken).ConfigureAwait(false) is { } invocation)
        {
            locations.AddRange(SocketFixModel.For(compilation).OnSameSocket(model, invocation, SocketFixModel.IsEventSelection, cancellationToken).Select(call => call.Location));
        }

        var trial = new InvocationRewritePlan();
        foreach (var location in locations)
        {
            if (!await SharedWinsockRewrite.AddAsync(trial, solution, location, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        foreach (var location in locations)
        {
            await SharedWinsockRewrite.AddAsync(plan, solution, location, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
