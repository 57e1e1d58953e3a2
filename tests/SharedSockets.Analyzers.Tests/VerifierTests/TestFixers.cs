using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.Analyzers.Tests.VerifierTests;

/// <summary>Renames the method a flagged <c>Flag(...)</c> call invokes.</summary>
internal static class FlagCallRename
{
    public const string ToFlaggedKey = "RenameToFlagged";
    public const string ToMarkedKey = "RenameToMarked";

    public static CodeAction Action(Document document, Diagnostic diagnostic, string newName, string key) =>
        CodeAction.Create($"Call {newName}", ct => RenameAsync(document, diagnostic, newName, ct), key);

    /// <summary>Calls whose first argument is the literal 0 are left alone, so a test can keep a diagnostic after fixing.</summary>
    public static async Task<bool> IsFixableAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var invocation = await FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        return invocation is not null
            && invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression is not LiteralExpressionSyntax { Token.ValueText: "0" };
    }

    private static async Task<Document> RenameAsync(Document document, Diagnostic diagnostic, string newName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var invocation = await FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        var name = invocation?.Expression switch
        {
            IdentifierNameSyntax identifier => identifier,
            MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member,
            _ => null,
        };
        if (root is null || name is null)
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier))));
    }

    private static async Task<InvocationExpressionSyntax?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
    }
}

/// <summary>Offers "Call Flagged" then "Call Marked" for TEST001; Fix All through the batch fixer.</summary>
public sealed class RenameFlagFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [TestRules.FlagCall.Id];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FlagCallRename.IsFixableAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(FlagCallRename.Action(context.Document, diagnostic, "Flagged", FlagCallRename.ToFlaggedKey), diagnostic);
                context.RegisterCodeFix(FlagCallRename.Action(context.Document, diagnostic, "Marked", FlagCallRename.ToMarkedKey), diagnostic);
            }
        }
    }
}

/// <summary>The same two renames, grouped under one parent action (nested actions).</summary>
public sealed class NestedRenameFlagFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [TestRules.FlagCall.Id];

    public override FixAllProvider? GetFixAllProvider() => null;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var group = CodeAction.Create(
                "Rename the call",
                [
                    FlagCallRename.Action(context.Document, diagnostic, "Flagged", FlagCallRename.ToFlaggedKey),
                    FlagCallRename.Action(context.Document, diagnostic, "Marked", FlagCallRename.ToMarkedKey),
                ],
                isInlinable: false);
            context.RegisterCodeFix(group, diagnostic);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Renames the call to a method that does not exist: its output never compiles.</summary>
public sealed class BrokenRenameFlagFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [TestRules.FlagCall.Id];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(FlagCallRename.Action(context.Document, diagnostic, "DoesNotExist", "Broken"), diagnostic);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Claims TEST001 but never offers an action.</summary>
public sealed class DecliningFlagFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [TestRules.FlagCall.Id];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => Task.CompletedTask;
}

/// <summary>Offers an action that returns the document unchanged.</summary>
public sealed class NoOpFlagFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [TestRules.FlagCall.Id];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        context.RegisterCodeFix(CodeAction.Create("Do nothing", _ => Task.FromResult(context.Document), "NoOp"), context.Diagnostics);
        return Task.CompletedTask;
    }
}

/// <summary>Appends an argument to the flagged call: the diagnostic stays, so fixing never ends.</summary>
public sealed class GrowingFlagFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [TestRules.FlagCall.Id];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Add an argument", ct => AddArgumentAsync(context.Document, diagnostic, ct), "Grow"),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> AddArgumentAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>()!;
        var grown = invocation.AddArgumentListArguments(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1))));
        return document.WithSyntaxRoot(root.ReplaceNode(invocation, grown));
    }
}
