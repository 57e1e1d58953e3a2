using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// Formats what a fix annotated with <see cref="Formatter.Annotation"/>, ending new lines the way the
/// document already ends its lines: the formatter's default is CRLF, and a fix must not mix CRLF
/// into an LF file (or the reverse).
/// </summary>
internal static class FixFormatting
{
    public static async Task<Document> FormatAnnotatedAsync(Document document, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var options = document.Project.Solution.Options.WithChangedOption(FormattingOptions.NewLine, document.Project.Language, LineEnding(text));
        return await Formatter.FormatAsync(document, Formatter.Annotation, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A line break for a statement a fix inserts: the document's own, elastic so the formatter may still place it.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode root) =>
        SyntaxFactory.ElasticEndOfLine(LineEnding(root.SyntaxTree.GetText()));

    /// <summary>The first line break of the text; CRLF (the formatter's own default) when the text has none.</summary>
    public static string LineEnding(SourceText text)
    {
        foreach (var line in text.Lines)
        {
            if (line.EndIncludingLineBreak > line.End)
            {
                return text.ToString(TextSpan.FromBounds(line.End, line.EndIncludingLineBreak));
            }
        }

        return "\r\n";
    }
}
