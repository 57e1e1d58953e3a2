using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// One <see cref="TypeSocketFacts"/> per type for all the rules of a compilation: the first rule to ask
/// builds it from the type's operations, the others wait for that and share it.
/// </summary>
internal sealed class TypeFactsCache
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, Lazy<TypeSocketFacts>> facts = new(SymbolEqualityComparer.Default);
    private readonly SocketCallBinder binder;

    public TypeFactsCache(SocketCallBinder binder) => this.binder = binder;

    /// <param name="modelOf">The semantic model of each tree the type is declared in.</param>
    public TypeSocketFacts Of(INamedTypeSymbol type, Func<SyntaxTree, SemanticModel> modelOf, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = facts.GetOrAdd(type, t => new Lazy<TypeSocketFacts>(() => Build(t, modelOf, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch (OperationCanceledException)
            {
                // A cancelled build is not a result: drop it, and build again unless this request is the one cancelled.
                ((ICollection<KeyValuePair<INamedTypeSymbol, Lazy<TypeSocketFacts>>>)facts).Remove(new KeyValuePair<INamedTypeSymbol, Lazy<TypeSocketFacts>>(type, lazy));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private TypeSocketFacts Build(INamedTypeSymbol type, Func<SyntaxTree, SemanticModel> modelOf, CancellationToken cancellationToken)
    {
        var built = new TypeSocketFacts(type, binder);
        foreach (var root in TypeOperations.Of(type, modelOf, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var operation in root.DescendantsAndSelf())
            {
                if (TypeSocketFacts.IsObserved(operation))
                {
                    built.Observe(operation);
                }
            }
        }

        return built;
    }
}
