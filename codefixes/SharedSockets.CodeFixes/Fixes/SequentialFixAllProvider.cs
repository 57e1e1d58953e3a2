using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// Fix All for <see cref="OnePlanFixProvider"/>: in each document, the fixes are planned and applied one
/// after another, each against the document the previous one left, so neighbouring edits never
/// collide (the batch fixer merges independent text changes and drops those that touch, leaving them
/// for a second Fix All). Each diagnostic is followed to its place in the changed document through
/// syntax annotations; one whose code another fix removed is left alone.
/// </summary>
internal sealed class SequentialFixAllProvider : FixAllProvider
{
    private readonly OnePlanFixProvider provider;

    public SequentialFixAllProvider(OnePlanFixProvider provider) => this.provider = provider;

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeActionEquivalenceKey != provider.EquivalenceKey)
        {
            return null;
        }

        var byDocument = await DiagnosticsByDocumentAsync(fixAllContext).ConfigureAwait(false);
        if (byDocument.Count == 0)
        {
            return null;
        }

        return CodeAction.Create(
            provider.Title,
            async cancellationToken =>
            {
                var solution = fixAllContext.Solution;
                foreach (var pair in byDocument)
                {
                    var fixedDocument = await FixDocumentAsync(pair.Key, pair.Value, cancellationToken).ConfigureAwait(false);
                    if (await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } fixedRoot)
                    {
                        solution = solution.WithDocumentSyntaxRoot(pair.Key.Id, fixedRoot);
                    }
                }

                return solution;
            },
            provider.EquivalenceKey);
    }

    private async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // One annotation per place a diagnostic points at (its location, then its additional ones).
        var tracked = diagnostics
            .Select(diagnostic => new TrackedDiagnostic(diagnostic, diagnostic.AdditionalLocations.Prepend(diagnostic.Location)
                .Select(location => location.SourceTree == root.SyntaxTree ? new SyntaxAnnotation() : null)
                .ToArray()))
            .ToArray();
        var annotations = new Dictionary<SyntaxNodeOrToken, List<SyntaxAnnotation>>();
        foreach (var diagnostic in tracked)
        {
            var locations = diagnostic.Locations;
            for (var index = 0; index < locations.Length; index++)
            {
                if (diagnostic.Annotations[index] is { } annotation)
                {
                    var node = root.FindNode(locations[index].SourceSpan, getInnermostNodeForTie: true);
                    if (!annotations.TryGetValue(node, out var list))
                    {
                        annotations[node] = list = new List<SyntaxAnnotation>();
                    }

                    list.Add(annotation);
                }
            }
        }

        root = root.ReplaceNodes(
            annotations.Keys.Select(key => key.AsNode()!),
            (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original]));
        document = document.WithSyntaxRoot(root);

        foreach (var diagnostic in tracked.OrderBy(diagnostic => diagnostic.Diagnostic.Location.SourceSpan.Start))
        {
            root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            if (diagnostic.Relocate(root) is not { } relocated
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
                || provider.PlanFix(document, root, model, relocated, cancellationToken) is not { } apply)
            {
                continue;
            }

            document = await apply(cancellationToken).ConfigureAwait(false);
        }

        return document;
    }

    private async Task<Dictionary<Document, ImmutableArray<Diagnostic>>> DiagnosticsByDocumentAsync(FixAllContext context)
    {
        var documents = context.Scope switch
        {
            FixAllScope.Document when context.Document is not null => new[] { context.Document },
            FixAllScope.Project => context.Project.Documents.ToArray(),
            FixAllScope.Solution => context.Solution.Projects.SelectMany(project => project.Documents).ToArray(),
            _ => Array.Empty<Document>(),
        };

        var result = new Dictionary<Document, ImmutableArray<Diagnostic>>();
        foreach (var document in documents)
        {
            var diagnostics = (await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                .Where(diagnostic => provider.FixableDiagnosticIds.Contains(diagnostic.Id))
                .ToImmutableArray();
            if (!diagnostics.IsEmpty)
            {
                result[document] = diagnostics;
            }
        }

        return result;
    }

    /// <summary>A diagnostic and the annotations that mark its locations (null: in another file).</summary>
    private sealed class TrackedDiagnostic
    {
        public TrackedDiagnostic(Diagnostic diagnostic, SyntaxAnnotation?[] annotations)
        {
            Diagnostic = diagnostic;
            Annotations = annotations;
        }

        public Diagnostic Diagnostic { get; }

        public SyntaxAnnotation?[] Annotations { get; }

        public Location[] Locations => Diagnostic.AdditionalLocations.Prepend(Diagnostic.Location).ToArray();

        /// <summary>The diagnostic at its annotated places in <paramref name="root"/>, or null when its own place is gone.</summary>
        public Diagnostic? Relocate(SyntaxNode root)
        {
            var locations = Locations;
            var moved = new Location[locations.Length];
            for (var index = 0; index < locations.Length; index++)
            {
                if (Annotations[index] is not { } annotation)
                {
                    moved[index] = locations[index];
                    continue;
                }

                if (root.GetAnnotatedNodes(annotation).FirstOrDefault() is not { } node)
                {
                    return null;
                }

                moved[index] = Location.Create(root.SyntaxTree, node.Span);
            }

            return Diagnostic.Create(Diagnostic.Descriptor, moved[0], moved.Skip(1), Diagnostic.Properties);
        }
    }
}
