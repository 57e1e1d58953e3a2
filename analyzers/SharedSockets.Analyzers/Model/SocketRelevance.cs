using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Which type declarations can touch sockets at all, decided from text before any binding. A type is
/// relevant when its own declaration mentions a socket API spelling (<see cref="Terms"/>; the file's
/// <c>using System.Net.Sockets;</c> does not count), or calls a method whose body mentions one (a
/// candidate one-level wrapper, declared anywhere in the compilation). Other types get no actions, so
/// code without sockets costs next to nothing, even in a project that has some.
/// Limit: a socket that reaches a type only through <c>var</c> from a method of another type, used
/// there only through an unmentioned member, is not seen.
/// </summary>
internal sealed class SocketRelevance
{
    /// <summary>Case-insensitive fragments of every API the rules recognise, native and managed.</summary>
    private static readonly string[] Terms =
    {
        "sock", "wsa", "ws2_32", "kernel32", "ioctl", "shutdown", "accept", "disconnect", "blocking",
        "duplicatehandle", "tcpclient", "tcplistener", "udpclient", "nodelay", "buffersize", "linger",
    };

    // Per tree, reused across compilations (the IDE makes a new compilation per edit).
    private static readonly ConditionalWeakTable<SyntaxTree, TreeFacts> TreeFactsCache = new();

    private readonly Dictionary<SyntaxTree, HashSet<TextSpan>> relevantDeclarations = new();

    private SocketRelevance(Compilation compilation)
    {
        var wrapperNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var facts = TreeFactsCache.GetValue(tree, static t => TreeFacts.Of(t));
            if (!facts.RelevantDeclarations.IsEmpty)
            {
                relevantDeclarations[tree] = new HashSet<TextSpan>(facts.RelevantDeclarations);
            }

            wrapperNames.UnionWith(facts.CandidateWrappers);
        }

        if (wrapperNames.Count > 0)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                AddWrapperCallers(tree, wrapperNames);
            }
        }
    }

    public bool IsEmpty => relevantDeclarations.Count == 0;

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

    /// <summary>Types (or top-level statements) that call a candidate wrapper by name.</summary>
    private void AddWrapperCallers(SyntaxTree tree, HashSet<string> wrapperNames)
    {
        // Most files call no wrapper: a text scan rules them out before any token is walked.
        if (!SourceTextSearch.ContainsAnyWord(tree.GetText(), wrapperNames))
        {
            return;
        }

        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && wrapperNames.Contains(token.ValueText)
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

    private sealed class TreeFacts
    {
        private TreeFacts(ImmutableArray<TextSpan> relevantDeclarations, ImmutableArray<string> candidateWrappers)
        {
            RelevantDeclarations = relevantDeclarations;
            CandidateWrappers = candidateWrappers;
        }

        /// <summary>Spans of the type declarations (and the whole file, for top-level statements) that mention a socket API.</summary>
        public ImmutableArray<TextSpan> RelevantDeclarations { get; }

        /// <summary>Methods declared here whose bodies mention a socket API: callers elsewhere may reach it through them.</summary>
        public ImmutableArray<string> CandidateWrappers { get; }

        public static TreeFacts Of(SyntaxTree tree)
        {
            var text = tree.GetText();
            if (!SourceTextSearch.ContainsAny(text, Terms))
            {
                return new TreeFacts(ImmutableArray<TextSpan>.Empty, ImmutableArray<string>.Empty);
            }

            var declarations = ImmutableArray.CreateBuilder<TextSpan>();
            var wrappers = ImmutableArray.CreateBuilder<string>();
            var root = tree.GetRoot();
            var hasTopLevelStatements = false;
            foreach (var node in root.DescendantNodes())
            {
                switch (node)
                {
                    case BaseTypeDeclarationSyntax type when Mentions(text, type.Span):
                        declarations.Add(type.Span);
                        break;
                    case MethodDeclarationSyntax method when Mentions(text, method.Body, method.ExpressionBody):
                        wrappers.Add(method.Identifier.ValueText);
                        break;
                    case LocalFunctionStatementSyntax local when Mentions(text, local.Body, local.ExpressionBody):
                        wrappers.Add(local.Identifier.ValueText);
                        break;
                    case GlobalStatementSyntax:
                        hasTopLevelStatements = true;
                        break;
                }
            }

            // Top-level statements belong to a synthesized Program declared by the whole file.
            if (hasTopLevelStatements)
            {
                declarations.Add(root.Span);
            }

            return new TreeFacts(declarations.ToImmutable(), wrappers.ToImmutable());
        }

        private static bool Mentions(SourceText text, TextSpan span) => SourceTextSearch.ContainsAny(text.GetSubText(span), Terms);

        private static bool Mentions(SourceText text, SyntaxNode? body, SyntaxNode? expressionBody) =>
            (body ?? expressionBody) is { } node && Mentions(text, node.Span);
    }
}
