using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>How a diagnostic message points at another place: "line 12", or "Worker.cs:12" in another file.</summary>
internal static class SourcePositions
{
    public static string Describe(SyntaxNode other, SyntaxNode reportedAt)
    {
        var span = other.GetLocation().GetLineSpan();
        var line = span.StartLinePosition.Line + 1;
        return other.SyntaxTree == reportedAt.SyntaxTree
            ? $"line {line}"
            : $"{System.IO.Path.GetFileName(span.Path)}:{line}";
    }
}
