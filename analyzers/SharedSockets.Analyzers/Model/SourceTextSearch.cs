using System;
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
}
