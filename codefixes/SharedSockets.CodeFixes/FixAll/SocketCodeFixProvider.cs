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
            var first = true;
            foreach (var fix in await PlanAsync(new FixRequest(document, root, model, diagnostic, context.CancellationToken)).ConfigureAwait(false))
            {
                context.RegisterCodeFix(new SocketCodeAction(fix.Title, first ? FirstFixKey : fix.Key, fix.Key, fix.ApplyAsync), diagnostic);
                first = false;
            }
        }
    }

    /// <summary>
    /// The equivalence key of every diagnostic's first fix, whatever kind it is; the other fixes keep their kind's key.
    /// <c>dotnet format</c> runs Fix All with the key of the first action of the first diagnostic it meets, so with
    /// one kind's key it would skip every diagnostic that does not offer that kind, and which diagnostic comes first
    /// varies between runs. One key for the first fixes makes it fix every diagnostic, the same way each time.
    /// A provider with one kind of fix uses that kind's key. Fix All asked with a kind's key applies that kind
    /// wherever it is offered, first or not (<see cref="SocketCodeAction.Kind"/>).
    /// </summary>
    internal abstract string FirstFixKey { get; }

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
