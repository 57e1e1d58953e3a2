using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Model;

/// <summary>Searches of ASCII words in source text, before any syntax is walked.</summary>
internal static class SourceTextSearch
{
    private const int ChunkSize = 4096;

    /// <summary>Whether any of <paramref name="words"/> occurs (case-insensitive), chunk by chunk, without copying whole files.</summary>
    public static bool ContainsAny(SourceText text, string[] words)
    {
        var longest = 0;
        foreach (var word in words)
        {
            longest = Math.Max(longest, word.Length);
        }

        // Chunks overlap by the longest word, so a word split across a boundary is still found.
        var buffer = new char[ChunkSize + longest];
        for (var start = 0; start < text.Length; start += ChunkSize)
        {
            var count = Math.Min(buffer.Length, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            var chunk = new string(buffer, 0, count);
            foreach (var word in words)
            {
                if (chunk.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Every position where one of <paramref name="words"/> starts (case-insensitive), in ascending order.</summary>
    public static int[] FindAll(string text, string[] words)
    {
        List<int>? found = null;
        foreach (var word in words)
        {
            for (var index = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); index >= 0; index = text.IndexOf(word, index + 1, StringComparison.OrdinalIgnoreCase))
            {
                (found ??= new List<int>()).Add(index);
            }
        }

        if (found is null)
        {
            return Array.Empty<int>();
        }

        found.Sort();
        return found.ToArray();
    }

    /// <summary>Whether a sorted position list has one inside <paramref name="span"/>.</summary>
    public static bool AnyWithin(int[] sortedPositions, TextSpan span)
    {
        var index = Array.BinarySearch(sortedPositions, span.Start);
        if (index < 0)
        {
            index = ~index;
        }

        return index < sortedPositions.Length && sortedPositions[index] < span.End;
    }

    /// <summary>
    /// The hashes (<see cref="WordHash"/>) of the identifier-like words of a text: a compact index that
    /// says at once, for any name, whether the text may mention it (a false positive only on a hash collision).
    /// </summary>
    public static HashSet<int> WordHashes(string text)
    {
        var hashes = new HashSet<int>();
        var hash = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (IsWordChar(c))
            {
                hash = unchecked((hash * 31) + c);
                inWord = true;
            }
            else if (inWord)
            {
                hashes.Add(hash);
                hash = 0;
                inWord = false;
            }
        }

        if (inWord)
        {
            hashes.Add(hash);
        }

        return hashes;
    }

    /// <summary>The hash <see cref="WordHashes"/> gives a word.</summary>
    public static int WordHash(string word)
    {
        var hash = 0;
        foreach (var c in word)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    /// <summary>Positions where <paramref name="word"/> occurs as a whole word (ordinal).</summary>
    public static IEnumerable<int> WholeWordPositions(string text, string word)
    {
        for (var index = text.IndexOf(word, StringComparison.Ordinal); index >= 0; index = text.IndexOf(word, index + 1, StringComparison.Ordinal))
        {
            var end = index + word.Length;
            if ((index == 0 || !IsWordChar(text[index - 1])) && (end == text.Length || !IsWordChar(text[end])))
            {
                yield return index;
            }
        }
    }

    // ASCII first: nearly every character of C# source is, and char.IsLetterOrDigit is the slow path.
    private static bool IsWordChar(char c) =>
        c < 128
            ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '_'
            : char.IsLetterOrDigit(c);
}
