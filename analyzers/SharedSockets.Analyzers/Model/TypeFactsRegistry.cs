using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// One <see cref="TypeSocketFacts"/> per type for all the rules of a compilation, so a type's operations
/// are bound once, not once per rule. A rule takes the facts at its symbol start and releases them at its
/// symbol end; the last release drops them, and a rule that starts the type later gets fresh facts.
/// </summary>
internal sealed class TypeFactsRegistry
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, Entry> entries = new(SymbolEqualityComparer.Default);
    private readonly SocketCallBinder binder;

    public TypeFactsRegistry(SocketCallBinder binder) => this.binder = binder;

    /// <summary>The facts of <paramref name="type"/>, held for the caller until <see cref="Release"/>.</summary>
    public TypeSocketFacts Acquire(INamedTypeSymbol type)
    {
        while (true)
        {
            var entry = entries.GetOrAdd(type, t => new Entry(new TypeSocketFacts(t, binder)));
            lock (entry)
            {
                if (!entry.Closed)
                {
                    entry.Holders++;
                    return entry.Facts;
                }
            }

            // Closed by the last holder between the lookup and the lock: replace it.
            Remove(type, entry);
        }
    }

    /// <summary>Ends one rule's hold; the last one drops the facts (the models frozen from them live on).</summary>
    public void Release(TypeSocketFacts facts)
    {
        if (!entries.TryGetValue(facts.Type, out var entry) || !ReferenceEquals(entry.Facts, facts))
        {
            return;
        }

        lock (entry)
        {
            entry.Holders--;
            if (entry.Holders > 0)
            {
                return;
            }

            entry.Closed = true;
        }

        Remove(facts.Type, entry);
    }

    // Removes the entry only if it is still this one (ICollection.Remove compares the value too).
    private void Remove(INamedTypeSymbol type, Entry entry) =>
        ((ICollection<KeyValuePair<INamedTypeSymbol, Entry>>)entries).Remove(new KeyValuePair<INamedTypeSymbol, Entry>(type, entry));

    private sealed class Entry
    {
        public Entry(TypeSocketFacts facts) => Facts = facts;

        public TypeSocketFacts Facts { get; }

        public int Holders { get; set; }

        public bool Closed { get; set; }
    }
}
