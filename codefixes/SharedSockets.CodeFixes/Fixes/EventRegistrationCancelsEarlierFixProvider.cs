using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SharedSockets.Analyzers;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>SOCK001 fixes: additive SharedWinsock registrations (with the shim), or one target with the combined mask.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EventRegistrationCancelsEarlierFixProvider)), Shared]
public sealed class EventRegistrationCancelsEarlierFixProvider : CodeFixProvider
{
    internal const string UseSharedWinsockKey = "SOCK001.UseSharedWinsock";
    internal const string CombineMaskKey = "SOCK001.CombineMask";
    internal const string UseSharedWinsockTitle = "Use SharedWinsock's additive registrations";
    internal const string CombineMaskTitle = "Register the earlier target once with the combined mask";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.EventRegistrationCancelsEarlier);

    public override FixAllProvider GetFixAllProvider() => new PlanFixAllProvider(AddToPlanAsync, TitleOf);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var key in new[] { UseSharedWinsockKey, CombineMaskKey })
            {
                var plan = new InvocationRewritePlan();
                if (await AddToPlanAsync(key, plan, solution, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(TitleOf(key), ct => plan.ApplyAsync(solution, ct), key),
                        diagnostic);
                }
            }
        }
    }

    private static string TitleOf(string key) => key == UseSharedWinsockKey ? UseSharedWinsockTitle : CombineMaskTitle;

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

        // Every registration on the socket must become additive, the earlier one included.
        var trial = new InvocationRewritePlan();
        if (!await SharedWinsockRewrite.AddAsync(trial, solution, diagnostic.Location, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        foreach (var earlier in diagnostic.AdditionalLocations)
        {
            if (!await SharedWinsockRewrite.AddAsync(trial, solution, earlier, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        await SharedWinsockRewrite.AddAsync(plan, solution, diagnostic.Location, cancellationToken).ConfigureAwait(false);
        foreach (var earlier in diagnostic.AdditionalLocations)
        {
            await SharedWinsockRewrite.AddAsync(plan, solution, earlier, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
