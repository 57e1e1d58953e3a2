using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>A span of a test document, by file name (as the markup placed it).</summary>
internal sealed record ExpectedLocation(string FileName, TextSpan Span, LinePositionSpan LineSpan)
{
    public override string ToString() => DiagnosticFormatter.FormatLocation(FileName, new FileLinePositionSpan(FileName, LineSpan));

    public bool Matches(Location location) =>
        location.IsInSource
        && string.Equals(Path.GetFileName(location.SourceTree!.FilePath), FileName, StringComparison.Ordinal)
        && location.SourceSpan == Span;
}

/// <summary>
/// A diagnostic the test expects: id and location from markup; severity, message and additional
/// locations from <see cref="ProjectBuilder.ShouldReportDiagnostic"/> (null = not checked, except
/// the severity, which defaults to the effective one).
/// </summary>
internal sealed record ExpectedDiagnostic(
    string Id,
    ExpectedLocation Location,
    DiagnosticSeverity? Severity,
    string? Message,
    IReadOnlyList<ExpectedLocation>? AdditionalLocations)
{
    public override string ToString()
    {
        var text = new StringBuilder().Append(Location).Append(": ");
        if (Severity is { } severity)
        {
            text.Append(DiagnosticFormatter.SeverityName(severity)).Append(' ');
        }

        text.Append(Id);
        if (Message is not null)
        {
            text.Append(": ").Append(Message);
        }

        if (AdditionalLocations is not null)
        {
            text.Append(" [additional: ").Append(string.Join(", ", AdditionalLocations)).Append(']');
        }

        return text.ToString();
    }
}

/// <summary>Details <see cref="ProjectBuilder.ShouldReportDiagnostic"/> gives for one markup diagnostic.</summary>
internal sealed record DiagnosticDetails(
    string Id,
    string? Message,
    DiagnosticSeverity? Severity,
    IReadOnlyList<string> AdditionalLocationMarkers);
