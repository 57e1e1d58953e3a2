using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SharedSockets.CodeFixes.FixAll;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// The shape of a fix with one action per diagnostic: plan the edit from the document's syntax and
/// semantics (no plan, no action: nothing is offered that would not compile), then apply it when
/// chosen. Fix All applies the single fixes one after another (<see cref="SocketFixAllProvider"/>).
/// </summary>
public abstract class OnePlanFixProvider : SocketCodeFixProvider
{
    internal abstract string Title { get; }

    internal abstract string EquivalenceKey { get; }

    internal sealed override string FixAllTitle(string? equivalenceKey) => Title;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        if (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) is not { } model)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(document, root, model, diagnostic, context.CancellationToken) is { } planned)
            {
                context.RegisterCodeFix(CodeAction.Create(planned.Title ?? Title, planned.Apply, EquivalenceKey), diagnostic);
            }
        }
    }

    /// <summary>The edit for <paramref name="diagnostic"/>, ready to apply, or null when this fix does not apply to it.</summary>
    private protected abstract PlannedFix? Plan(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>A planned edit and, when it differs from <see cref="Title"/>, the title that says what it changes here.</summary>
    private protected sealed class PlannedFix
    {
        public PlannedFix(string? title, Func<CancellationToken, Task<Document>> apply)
        {
            Title = title;
            Apply = apply;
        }

        public PlannedFix(Func<CancellationToken, Task<Document>> apply)
            : this(null, apply)
        {
        }

        public string? Title { get; }

        public Func<CancellationToken, Task<Document>> Apply { get; }
    }
}
