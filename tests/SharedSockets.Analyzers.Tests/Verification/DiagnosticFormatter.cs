using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// Turns diagnostics into text a failing test can show: one-line summaries, and the sources with
/// each diagnostic drawn under its line (<c>^^^^ SOCK001: message</c>).
/// </summary>
internal static class DiagnosticFormatter
{
    /// <summary><c>Test0.cs(9,13)-(9,57)</c>, 1-based; file name only, the test folder is the same for all.</summary>
    public static string FormatLocation(Location location)
    {
        if (location == Location.None || !location.IsInSource)
        {
            return location == Location.None ? "(no location)" : location.ToString();
        }

        var span = location.GetLineSpan();
        return FormatLocation(Path.GetFileName(span.Path), span);
    }

    public static string FormatLocation(string fileName, FileLinePositionSpan span) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{fileName}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})-({span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1})");

    /// <summary><c>Test0.cs(9,13)-(9,57): warning SOCK001: message [additional: Test0.cs(8,9)-(8,40)]</c>.</summary>
    public static string FormatOneLine(Diagnostic diagnostic)
    {
        var text = new StringBuilder()
            .Append(FormatLocation(diagnostic.Location))
            .Append(": ").Append(SeverityName(diagnostic.Severity))
            .Append(' ').Append(diagnostic.Id)
            .Append(": ").Append(diagnostic.GetMessage(CultureInfo.InvariantCulture));
        if (diagnostic.AdditionalLocations.Count > 0)
        {
            text.Append(" [additional: ")
                .Append(string.Join(", ", diagnostic.AdditionalLocations.Select(FormatLocation)))
                .Append(']');
        }

        return text.ToString();
    }

    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    /// <summary>The text of the first line a location covers, or null outside source.</summary>
    public static string? SourceLineOf(Location location)
    {
        if (!location.IsInSource || location.SourceTree is null)
        {
            return null;
        }

        var text = location.SourceTree.GetText();
        var line = text.Lines.GetLineFromPosition(location.SourceSpan.Start);
        return line.ToString();
    }

    /// <summary>
    /// The documents with a diagnostic (and those named in <paramref name="alsoShow"/>), numbered,
    /// with each diagnostic underlined where it starts.
    /// </summary>
    public static async Task<string> RenderSourcesAsync(
        Project project,
        IEnumerable<Diagnostic> diagnostics,
        CancellationToken cancellationToken,
        IEnumerable<string>? alsoShow = null)
    {
        var shown = new HashSet<string>(alsoShow ?? [], StringComparer.Ordinal);
        var byPath = diagnostics
            .Where(diagnostic => diagnostic.Location.IsInSource)
            .ToLookup(diagnostic => diagnostic.Location.SourceTree!.FilePath, StringComparer.Ordinal);

        var output = new StringBuilder();
        foreach (var document in project.Documents)
        {
            var inDocument = byPath[document.FilePath ?? document.Name].ToList();
            if (inDocument.Count == 0 && !shown.Contains(document.Name))
            {
                continue;
            }

            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            RenderDocument(output, document.Name, text, inDocument);
        }

        return output.ToString();
    }

    public static void RenderDocument(StringBuilder output, string name, SourceText text, IReadOnlyList<Diagnostic> diagnostics)
    {
        output.Append("=== ").Append(name).AppendLine(" ===");
        var byLine = diagnostics
            .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .ThenBy(diagnostic => diagnostic.Id, StringComparer.Ordinal)
            .ToLookup(diagnostic => text.Lines.GetLineFromPosition(diagnostic.Location.SourceSpan.Start).LineNumber);
        var numberWidth = text.Lines.Count.ToString(CultureInfo.InvariantCulture).Length;

        foreach (var line in text.Lines)
        {
            var number = (line.LineNumber + 1).ToString(CultureInfo.InvariantCulture).PadLeft(numberWidth);
            var content = line.ToString();
            output.Append(number).Append(" | ").AppendLine(content);

            foreach (var diagnostic in byLine[line.LineNumber])
            {
                output.Append(' ', numberWidth).Append(" | ").AppendLine(Underline(content, line, diagnostic, text));
            }
        }

        output.AppendLine();
    }

    /// <summary>Carets under the span on its first line, keeping tabs so the carets line up.</summary>
    private static string Underline(string content, TextLine line, Diagnostic diagnostic, SourceText text)
    {
        var span = diagnostic.Location.SourceSpan;
        var startColumn = span.Start - line.Start;
        var endColumn = Math.Min(span.End, line.End) - line.Start;
        var indent = new string(content.Take(startColumn).Select(c => c == '\t' ? '\t' : ' ').ToArray());
        var carets = new string('^', Math.Max(1, endColumn - startColumn));

        var continuation = string.Empty;
        if (span.End > line.End)
        {
            var end = text.Lines.GetLinePosition(span.End);
            continuation = string.Create(CultureInfo.InvariantCulture, $" (span ends at line {end.Line + 1}, column {end.Character + 1})");
        }

        return $"{indent}{carets} {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}{continuation}";
    }
}
