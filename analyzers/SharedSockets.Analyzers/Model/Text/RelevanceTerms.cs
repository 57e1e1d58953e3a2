using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// The words the relevance scan looks for, derived from the API tables rather than kept by hand: every
/// name a recognised Winsock API can be declared under, the libraries that export them, the
/// System.Net.Sockets types and the Socket members the rules recognise. Reduced so that no word
/// contains another (the shorter finds both); names under four letters are left out, since they occur
/// inside ordinary words (<c>Ttl</c>: the <c>Socket</c> it is set on is found instead).
/// </summary>
internal static class RelevanceTerms
{
    private const int MinimumLength = 4;

    public static ImmutableArray<string> All { get; } = Reduce(
        NativeSocketApis.DeclarationNames
            .Concat(new[] { NativeSocketApis.Winsock, NativeSocketApis.Kernel32 })
            .Concat(ManagedSocketApis.TypeNames)
            .Concat(ManagedSocketApis.MemberNames));

    /// <summary>The shortest words that between them occur in every name of <paramref name="names"/> (case-insensitive).</summary>
    internal static ImmutableArray<string> Reduce(IEnumerable<string> names)
    {
        var kept = new List<string>();
        foreach (var name in names
                     .Select(name => name.ToLowerInvariant())
                     .Where(name => name.Length >= MinimumLength)
                     .Distinct(StringComparer.Ordinal)
                     .OrderBy(name => name.Length)
                     .ThenBy(name => name, StringComparer.Ordinal))
        {
            if (!kept.Any(word => name.IndexOf(word, StringComparison.Ordinal) >= 0))
            {
                kept.Add(name);
            }
        }

        return kept.ToImmutableArray();
    }
}
