using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Which type declarations can touch sockets at all, decided from text before any binding. A type is
/// relevant when its own declaration mentions a socket API spelling (<see cref="RelevanceTerms"/>; the file's
/// <c>using System.Net.Sockets;</c> does not count), or calls a method whose body mentions one (a
/// candidate one-level wrapper, declared anywhere in the compilation). Other types get no actions, so
/// code without sockets costs next to nothing, even in a project that has some.
/// Limit: a socket that reaches a type only through <c>var</c> from a method of another type, used
/// there only through an unmentioned member, is not seen.
/// </summary>
internal sealed class SocketRelevance
{
    /// <summary>Case-insensitive words of every API the rules recognise, native and managed.</summary>
    private static readonly string[] Terms = RelevanceTerms.All.ToArray();

    // Per tree, reused across compilations (the IDE makes a new compilation per edit).
    private static readonly ConditionalWeakTable<SyntaxTree, TreeFacts> TreeFactsCache = new();

    private readonly Dictionary<SyntaxTree, HashSet<TextSpan>> relevantDeclarations = new();
    private readonly HashSet<string> wrapperNames = new(StringComparer.Ordinal);

    private SocketRelevance(Compilation compilation)
    {
        var facts = new List<(SyntaxTree Tree, TreeFacts Facts)>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var treeFacts = TreeFactsCache.GetValue(tree, static t => TreeFacts.Of(t));
            facts.Add((tree, treeFacts));
            if (!treeFacts.RelevantDeclarations.IsEmpty)
            {
                relevantDeclarations[tree] = new HashSet<TextSpan>(treeFacts.RelevantDeclarations);
            }

            wrapperNames.UnionWith(treeFacts.CandidateWrappers);
        }

        if (wrapperNames.Count > 0)
        {
            var wrappers = new List<(string Name, int Hash)>();
            foreach (var name in wrapperNames)
            {
                wrappers.Add((name, SourceTextSearch.WordHash(name)));
            }

            foreach (var (tree, treeFacts) in facts)
            {
                AddWrapperCallers(tree, treeFacts, wrappers);
            }
        }
    }

    public bool IsEmpty => relevantDeclarations.Count == 0;

    /// <summary>How many type declarations (or files of top-level statements) get actions: for the benchmark's report.</summary>
    internal int RelevantDeclarationCount
    {
        get
        {
            var count = 0;
            foreach (var spans in relevantDeclarations.Values)
            {
                count += spans.Count;
            }

            return count;
        }
    }

    /// <summary>Names of the methods whose bodies mention a socket API: for the benchmark's report.</summary>
    internal IReadOnlyCollection<string> CandidateWrapperNames => wrapperNames;

    public static SocketRelevance Of(Compilation compilation) => new(compilation);

    public bool IsRelevant(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (relevantDeclarations.TryGetValue(reference.SyntaxTree, out var spans) && spans.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The relevant types to analyse from this file: those whose first relevant declaration is here
    /// (a partial type is analysed once, from the first of its parts that touches sockets).
    /// </summary>
    public IEnumerable<INamedTypeSymbol> TypesDeclaredFirstIn(SemanticModel model, CancellationToken cancellationToken)
    {
        var tree = model.SyntaxTree;
        if (!relevantDeclarations.TryGetValue(tree, out var spans))
        {
            yield break;
        }

        var root = tree.GetRoot(cancellationToken);
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var span in spans)
        {
            if (TypeDeclaredAt(model, root, span, cancellationToken) is { } type
                && seen.Add(type)
                && FirstRelevantTree(type) == tree)
            {
                yield return type;
            }
        }
    }

    private static INamedTypeSymbol? TypeDeclaredAt(SemanticModel model, SyntaxNode root, TextSpan span, CancellationToken cancellationToken)
    {
        if (span == root.Span && root.ChildNodes().OfType<GlobalStatementSyntax>().FirstOrDefault() is { } statement)
        {
            // Top-level statements: their synthesized entry point's type.
            return model.GetEnclosingSymbol(statement.Statement.SpanStart, cancellationToken)?.ContainingType;
        }

        // Innermost for a tie: a file that is nothing but one class has the class's span.
        foreach (var node in root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf())
        {
            if (node is BaseTypeDeclarationSyntax declaration && declaration.Span == span)
            {
                return model.GetDeclaredSymbol(declaration, cancellationToken);
            }
        }

        return null;
    }

    private SyntaxTree? FirstRelevantTree(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (relevantDeclarations.TryGetValue(reference.SyntaxTree, out var spans) && spans.Contains(reference.Span))
            {
                return reference.SyntaxTree;
            }
        }

        return null;
    }

    /// <summary>Types (or top-level statements) that call a candidate wrapper by name.</summary>
    private void AddWrapperCallers(SyntaxTree tree, TreeFacts facts, List<(string Name, int Hash)> wrappers)
    {
        SyntaxNode? root = null;
        string? text = null;
        foreach (var (name, hash) in wrappers)
        {
            // Most files call no wrapper: the file's word index rules them out before any syntax is walked.
            if (!facts.WordHashes.Contains(hash))
            {
                continue;
            }

            text ??= TreeFacts.TextOf(tree);
            foreach (var position in SourceTextSearch.WholeWordPositions(text, name))
            {
                root ??= tree.GetRoot();
                var token = root.FindToken(position);
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name
                    && token.Parent is { } parent
                    && DeclarationOf(parent) is { } declaration)
                {
                    if (!relevantDeclarations.TryGetValue(tree, out var spans))
                    {
                        spans = new HashSet<TextSpan>();
                        relevantDeclarations[tree] = spans;
                    }

                    spans.Add(declaration.Span);
                }
            }
        }
    }

    /// <summary>The innermost type declaration holding a node (actions are per type, nested ones too), or the file for top-level statements.</summary>
    private static SyntaxNode? DeclarationOf(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current is BaseTypeDeclarationSyntax)
            {
                return current;
            }

            if (current is GlobalStatementSyntax)
            {
                return current.SyntaxTree.GetRoot();
            }
        }

        return null;
    }

    /// <summary>What the text of one tree says, kept while the tree lives (the IDE reuses unchanged trees across edits).</summary>
    private sealed class TreeFacts
    {
        private readonly Lazy<HashSet<int>> wordHashes;

        private TreeFacts(SyntaxTree tree, ImmutableArray<TextSpan> relevantDeclarations, ImmutableArray<string> candidateWrappers)
        {
            RelevantDeclarations = relevantDeclarations;
            CandidateWrappers = candidateWrappers;
            wordHashes = new Lazy<HashSet<int>>(() => SourceTextSearch.WordHashes(TextOf(tree)), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>Spans of the type declarations (and the whole file, for top-level statements) that mention a socket API.</summary>
        public ImmutableArray<TextSpan> RelevantDeclarations { get; }

        /// <summary>Methods declared here whose bodies mention a socket API: callers elsewhere may reach it through them.</summary>
        public ImmutableArray<string> CandidateWrappers { get; }

        /// <summary>The hashes of the file's words, made only when the compilation has candidate wrappers to look for.</summary>
        public HashSet<int> WordHashes => wordHashes.Value;

        public static TreeFacts Of(SyntaxTree tree)
        {
            var mentions = SourceTextSearch.FindAll(TextOf(tree), Terms);
            if (mentions.Length == 0)
            {
                return new TreeFacts(tree, ImmutableArray<TextSpan>.Empty, ImmutableArray<string>.Empty);
            }

            var declarations = ImmutableArray.CreateBuilder<TextSpan>();
            var wrappers = ImmutableArray.CreateBuilder<string>();
            var root = tree.GetRoot();

            // Only nodes around a mention are visited: a file whose only mention is its
            // `using System.Net.Sockets;` costs one pass over its top-level nodes.
            foreach (var node in root.DescendantNodes(node => SourceTextSearch.AnyWithin(mentions, node.FullSpan)))
            {
                switch (node)
                {
                    case BaseTypeDeclarationSyntax type when SourceTextSearch.AnyWithin(mentions, type.Span):
                        declarations.Add(type.Span);
                        break;
                    case MethodDeclarationSyntax method when Mentions(mentions, method.Body, method.ExpressionBody):
                        wrappers.Add(method.Identifier.ValueText);
                        break;
                    // `new Reader(socket, readEvent)` reaches a constructor by its type's name.
                    case ConstructorDeclarationSyntax constructor when Mentions(mentions, constructor.Body, constructor.ExpressionBody):
                        wrappers.Add(constructor.Identifier.ValueText);
                        break;
                    case LocalFunctionStatementSyntax local when Mentions(mentions, local.Body, local.ExpressionBody):
                        wrappers.Add(local.Identifier.ValueText);
                        break;
                }
            }

            // Top-level statements belong to a synthesized Program declared by the whole file.
            if (root.ChildNodes().Any(static node => node is GlobalStatementSyntax))
            {
                declarations.Add(root.Span);
            }

            return new TreeFacts(tree, declarations.ToImmutable(), wrappers.ToImmutable());
        }

        /// <summary>The tree's text as one string: for a tree parsed from a string, that same string (no copy).</summary>
        public static string TextOf(SyntaxTree tree) => tree.GetText().ToString();

        private static bool Mentions(int[] mentions, SyntaxNode? body, SyntaxNode? expressionBody) =>
            (body ?? expressionBody) is { } node && SourceTextSearch.AnyWithin(mentions, node.Span);
    }
}
