using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedSockets.CodeFixes.FixAll;

/// <summary>
/// The base of every fix of this package. A fix only plans: for one diagnostic, from the document's syntax
/// and semantics, the edits it can make safely (none: nothing is offered), each with an equivalence key and a
/// title that says what it changes there. Registering them, and Fix All (<see cref="SocketFixAllProvider"/>,
/// the single fixes applied one after another), are done here, one way for every rule.
/// </summary>
public abstract class SocketCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => SocketFixAllProvider.Instance;

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
            foreach (var fix in await PlanAsync(new FixRequest(document, root, model, diagnostic, context.CancellationToken)).ConfigureAwait(false))
            {
                context.RegisterCodeFix(CodeAction.Create(fix.Title, fix.ApplyAsync, fix.Key), diagnostic);
            }
        }
    }

    /// <summary>The title of Fix All for the fixes with <paramref name="equivalenceKey"/> (null: each diagnostic's first fix): what every one of them changes.</summary>
    internal abstract string FixAllTitle(string? equivalenceKey);

    /// <summary>The safe edits for the request's diagnostic, in the order the light bulb offers them (the first is what <c>dotnet format</c> applies).</summary>
    private protected abstract Task<IEnumerable<PlannedFix>> PlanAsync(FixRequest request);
}

/// <summary>One diagnostic to plan a fix for, with its document's root and semantic model.</summary>
internal sealed class FixRequest
{
    public FixRequest(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        Document = document;
        Root = root;
        Model = model;
        Diagnostic = diagnostic;
        CancellationToken = cancellationToken;
    }

    public Document Document { get; }

    public SyntaxNode Root { get; }

    public SemanticModel Model { get; }

    public Diagnostic Diagnostic { get; }

    public CancellationToken CancellationToken { get; }
}
