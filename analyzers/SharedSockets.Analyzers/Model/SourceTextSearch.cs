using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Model;

/// <summary>Case-insensitive search of ASCII words in source text, chunk by chunk, without copying whole files.</summary>
internal static class SourceTextSearch
{
    private const int ChunkSize = 4096;

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

    /// <summary>
    /// Whether the text has an identifier-like word in <paramref name="names"/> (ordinal). Words are
    /// hashed as they are read; a string is made only when the hash matches a name's.
    /// </summary>
    public static bool ContainsAnyWord(SourceText text, HashSet<string> names)
    {
        var hashes = new HashSet<int>();
        var longest = 0;
        foreach (var name in names)
        {
            hashes.Add(Hash(name));
            longest = Math.Max(longest, name.Length);
        }

        var buffer = new char[ChunkSize];
        var word = new char[longest];
        var length = 0;
        var hash = 0;
        for (var start = 0; start < text.Length; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            for (var index = 0; index < count; index++)
            {
                var c = buffer[index];
                if (char.IsLetterOrDigit(c) || c == '_')
                {
                    if (length < word.Length)
                    {
                        word[length] = c;
                    }

                    length++;
                    hash = unchecked((hash * 31) + c);
                    continue;
                }

                if (IsName(word, length, hash, hashes, names))
                {
                    return true;
                }

                length = 0;
                hash = 0;
            }
        }

        return IsName(word, length, hash, hashes, names);
    }

    private static bool IsName(char[] word, int length, int hash, HashSet<int> hashes, HashSet<string> names) =>
        length > 0 && length <= word.Length && hashes.Contains(hash) && names.Contains(new string(word, 0, length));

    private static int Hash(string name)
    {
        var hash = 0;
        foreach (var c in name)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
