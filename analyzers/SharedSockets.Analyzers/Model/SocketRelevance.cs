using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Which source files can touch sockets at all, decided from text before any binding. A file is
/// relevant when it mentions a socket API spelling (<see cref="Terms"/>), or calls a method that a
/// relevant file declares and whose body mentions one (a candidate one-level wrapper). Types in other
/// files get no actions, so a project (or most of one) without socket code costs next to nothing.
/// Limit: a socket that reaches a file only through <c>var</c> from a method of another file, used
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

    private readonly HashSet<SyntaxTree> relevantTrees = new();

    private SocketRelevance(Compilation compilation)
    {
        var wrapperNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var facts = TreeFactsCache.GetValue(tree, static t => TreeFacts.Of(t));
            if (facts.MentionsSocketApi)
            {
                relevantTrees.Add(tree);
                wrapperNames.UnionWith(facts.CandidateWrappers);
            }
        }

        if (wrapperNames.Count == 0)
        {
            return;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!relevantTrees.Contains(tree) && MentionsAny(tree, wrapperNames))
            {
                relevantTrees.Add(tree);
            }
        }
    }

    public bool IsEmpty => relevantTrees.Count == 0;

    public static SocketRelevance Of(Compilation compilation) => new(compilation);

    public bool IsRelevant(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (relevantTrees.Contains(reference.SyntaxTree))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MentionsAny(SyntaxTree tree, HashSet<string> names)
    {
        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class TreeFacts
    {
        private TreeFacts(bool mentionsSocketApi, ImmutableArray<string> candidateWrappers)
        {
            MentionsSocketApi = mentionsSocketApi;
            CandidateWrappers = candidateWrappers;
        }

        public bool MentionsSocketApi { get; }

        /// <summary>Methods declared here whose bodies mention a socket API: callers elsewhere may reach it through them.</summary>
        public ImmutableArray<string> CandidateWrappers { get; }

        public static TreeFacts Of(SyntaxTree tree)
        {
            var text = tree.GetText();
            if (!SourceTextSearch.ContainsAny(text, Terms))
            {
                return new TreeFacts(false, ImmutableArray<string>.Empty);
            }

            var wrappers = ImmutableArray.CreateBuilder<string>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var (name, body) = node switch
                {
                    MethodDeclarationSyntax method => (method.Identifier.ValueText, (SyntaxNode?)method.Body ?? method.ExpressionBody),
                    LocalFunctionStatementSyntax local => (local.Identifier.ValueText, (SyntaxNode?)local.Body ?? local.ExpressionBody),
                    _ => (null, null),
                };
                if (name is not null && body is not null && SourceTextSearch.ContainsAny(text.GetSubText(body.Span), Terms))
                {
                    wrappers.Add(name);
                }
            }

            return new TreeFacts(true, wrappers.ToImmutable());
        }
    }
}
