using System.Globalization;
using System.Text;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>Line comparison of expected and actual code, shown as a unified-style diff.</summary>
internal static class TextDiff
{
    /// <summary>Fixed code is compared with line endings normalised and nothing else.</summary>
    public static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>
    /// Every line, prefixed <c>"  "</c> (same), <c>"- "</c> (expected only) or <c>"+ "</c> (actual only),
    /// with 1-based line numbers of the expected and actual text. Trailing whitespace is made
    /// visible on changed lines, since it is the usual invisible difference.
    /// </summary>
    public static string Unified(string expected, string actual)
    {
        var left = NormalizeLineEndings(expected).Split('\n');
        var right = NormalizeLineEndings(actual).Split('\n');

        // Longest common subsequence table, from the end, so the walk below goes forward.
        var common = new int[left.Length + 1, right.Length + 1];
        for (var i = left.Length - 1; i >= 0; i--)
        {
            for (var j = right.Length - 1; j >= 0; j--)
            {
                common[i, j] = left[i] == right[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var output = new StringBuilder().AppendLine("--- expected").AppendLine("+++ actual");
        int l = 0, r = 0;
        while (l < left.Length || r < right.Length)
        {
            if (l < left.Length && r < right.Length && left[l] == right[r])
            {
                Line(output, "  ", l + 1, r + 1, left[l]);
                l++;
                r++;
            }
            else if (r < right.Length && (l == left.Length || common[l, r + 1] >= common[l + 1, r]))
            {
                Line(output, "+ ", null, r + 1, Visible(right[r]));
                r++;
            }
            else
            {
                Line(output, "- ", l + 1, null, Visible(left[l]));
                l++;
            }
        }

        return output.ToString();
    }

    private static void Line(StringBuilder output, string marker, int? expectedLine, int? actualLine, string text) =>
        output.Append(marker)
            .Append((expectedLine?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).PadLeft(4))
            .Append(' ')
            .Append((actualLine?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).PadLeft(4))
            .Append(" | ")
            .AppendLine(text);

    private static string Visible(string line)
    {
        var trimmed = line.TrimEnd();
        return trimmed.Length == line.Length ? line : trimmed + line[trimmed.Length..].Replace(' ', '·').Replace("\t", "→", StringComparison.Ordinal);
    }
}
