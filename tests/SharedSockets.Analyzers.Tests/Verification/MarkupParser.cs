using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>What a markup span stands for.</summary>
internal enum MarkupSpanKind
{
    /// <summary><c>[|text|]</c>: a diagnostic of the single id the analyzers under test support.</summary>
    DefaultDiagnostic,

    /// <summary><c>{|SOCK001:text|}</c>: a diagnostic with that id.</summary>
    Diagnostic,

    /// <summary><c>{|#0:text|}</c>: a named location, referred to by additional-location markers.</summary>
    NamedLocation,
}

/// <summary>One markup span, in coordinates of the text with all markup removed.</summary>
/// <param name="Kind">What the span stands for.</param>
/// <param name="Name">The diagnostic id or the location name (<c>#0</c>); null for <c>[|...|]</c>.</param>
/// <param name="Span">The span in the clean text.</param>
internal sealed record MarkupSpan(MarkupSpanKind Kind, string? Name, TextSpan Span)
{
    public bool IsDiagnostic => Kind != MarkupSpanKind.NamedLocation;
}

/// <summary>Source text with its markup removed, and the spans the markup marked (in opening order).</summary>
internal sealed record ParsedMarkup(string Text, IReadOnlyList<MarkupSpan> Spans)
{
    public IEnumerable<MarkupSpan> DiagnosticSpans => Spans.Where(span => span.IsDiagnostic);

    public bool HasDiagnostics => Spans.Any(span => span.IsDiagnostic);
}

/// <summary>
/// Parses the test markup: <c>[|text|]</c>, <c>{|ID:text|}</c> and <c>{|#name:text|}</c>, possibly nested.
/// Spans are returned in the order their openings appear, which is source order with outer spans first.
/// </summary>
internal static class MarkupParser
{
    private const string DefaultOpen = "[|";
    private const string DefaultClose = "|]";
    private const string NamedOpen = "{|";
    private const string NamedClose = "|}";

    public static ParsedMarkup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var open = new Stack<OpenSpan>();
        var spans = new List<(int Order, MarkupSpan Span)>();
        var order = 0;
        var index = 0;

        while (index < markup.Length)
        {
            if (At(markup, index, DefaultOpen))
            {
                open.Push(new OpenSpan(MarkupSpanKind.DefaultDiagnostic, null, text.Length, order++, DefaultClose, index));
                index += DefaultOpen.Length;
            }
            else if (At(markup, index, NamedOpen) && TryReadName(markup, index + NamedOpen.Length, out var name, out var afterColon))
            {
                var kind = name.StartsWith('#') ? MarkupSpanKind.NamedLocation : MarkupSpanKind.Diagnostic;
                open.Push(new OpenSpan(kind, name, text.Length, order++, NamedClose, index));
                index = afterColon;
            }
            else if ((At(markup, index, DefaultClose) || At(markup, index, NamedClose)) && open.Count > 0)
            {
                var closing = markup.Substring(index, 2);
                var span = open.Pop();
                if (span.Close != closing)
                {
                    throw new FormatException(
                        $"Markup: '{closing}' at {Position(markup, index)} closes the span opened at {Position(markup, span.MarkupIndex)}, which expects '{span.Close}'.");
                }

                spans.Add((span.Order, new MarkupSpan(span.Kind, span.Name, TextSpan.FromBounds(span.Start, text.Length))));
                index += closing.Length;
            }
            else
            {
                text.Append(markup[index]);
                index++;
            }
        }

        if (open.Count > 0)
        {
            var unclosed = open.Peek();
            throw new FormatException($"Markup: the span opened at {Position(markup, unclosed.MarkupIndex)} is never closed with '{unclosed.Close}'.");
        }

        var ordered = spans.OrderBy(entry => entry.Order).Select(entry => entry.Span).ToList();
        var duplicateName = ordered
            .Where(span => span.Kind == MarkupSpanKind.NamedLocation)
            .GroupBy(span => span.Name)
            .FirstOrDefault(group => group.Count() > 1);
        if (duplicateName is not null)
        {
            throw new FormatException($"Markup: the location name '{duplicateName.Key}' is used more than once.");
        }

        return new ParsedMarkup(text.ToString(), ordered);
    }

    /// <summary>Only <c>{|</c> followed by an id or <c>#name</c> and a colon is markup; anything else is C#.</summary>
    private static bool TryReadName(string markup, int start, out string name, out int afterColon)
    {
        var end = start;
        while (end < markup.Length && (char.IsLetterOrDigit(markup[end]) || markup[end] is '_' or '#' or '.'))
        {
            end++;
        }

        if (end > start && end < markup.Length && markup[end] == ':')
        {
            name = markup[start..end];
            afterColon = end + 1;
            return true;
        }

        name = string.Empty;
        afterColon = start;
        return false;
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static string Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return $"line {line}, column {index - lineStart + 1}";
    }

    private sealed record OpenSpan(MarkupSpanKind Kind, string? Name, int Start, int Order, string Close, int MarkupIndex);
}
