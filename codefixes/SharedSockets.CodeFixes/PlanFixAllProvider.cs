using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedSockets.CodeFixes;

/// <summary>
/// Fix All over one <see cref="InvocationRewritePlan"/>: every diagnostic of the scope adds its edits
/// in source order (so chained fixes build on each other), then the plan is applied once. A
/// diagnostic that cannot be fixed is left as it is; the others are still fixed.
/// </summary>
internal sealed class PlanFixAllProvider : FixAllProvider
{
    private readonly Func<string, InvocationRewritePlan, Solution, Diagnostic, CancellationToken, Task<bool>> addToPlan;
    private readonly Func<string, string> titleOf;

    public PlanFixAllProvider(
        Func<string, InvocationRewritePlan, Solution, Diagnostic, CancellationToken, Task<bool>> addToPlan,
        Func<string, string> titleOf)
    {
        this.addToPlan = addToPlan;
        this.titleOf = titleOf;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var key = fixAllContext.CodeActionEquivalenceKey;
        if (key is null)
        {
            return null;
        }

        var diagnostics = await CollectAsync(fixAllContext).ConfigureAwait(false);
        var solution = fixAllContext.Solution;
        var plan = new InvocationRewritePlan();
        foreach (var diagnostic in diagnostics
                     .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                     .ThenBy(d => d.Location.SourceSpan.Start))
        {
            await addToPlan(key, plan, solution, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false);
        }

        return plan.IsEmpty
            ? null
            : CodeAction.Create(titleOf(key), ct => plan.ApplyAsync(solution, ct), key);
    }

    private static async Task<ImmutableArray<Diagnostic>> CollectAsync(FixAllContext context)
    {
        switch (context.Scope)
        {
            case FixAllScope.Document when context.Document is not null:
                return await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false);
            case FixAllScope.Project:
                return await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false);
            case FixAllScope.Solution:
                var all = ImmutableArray.CreateBuilder<Diagnostic>();
                foreach (var project in context.Solution.Projects)
                {
                    all.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                return all.ToImmutable();
            default:
                return ImmutableArray<Diagnostic>.Empty;
        }
    }
}
