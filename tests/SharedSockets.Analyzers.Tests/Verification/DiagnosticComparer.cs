using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// Pairs expected and actual diagnostics by id and span, then checks severity, message and
/// additional locations of each pair. Returns one line per problem; empty means they agree.
/// </summary>
internal static class DiagnosticComparer
{
    /// <param name="expected">What the markup and ShouldReportDiagnostic describe.</param>
    /// <param name="actual">What the analyzers under test reported.</param>
    /// <param name="effectiveSeverity">The severity a diagnostic should have when the test gives none (descriptor default, or the .editorconfig's).</param>
    public static IReadOnlyList<string> Compare(
        IReadOnlyList<ExpectedDiagnostic> expected,
        IReadOnlyList<Diagnostic> actual,
        Func<Diagnostic, DiagnosticSeverity?> effectiveSeverity)
    {
        var problems = new List<string>();
        var unmatched = actual.ToList();

        foreach (var expectation in expected)
        {
            var match = unmatched.FirstOrDefault(diagnostic => diagnostic.Id == expectation.Id && expectation.Location.Matches(diagnostic.Location));
            if (match is null)
            {
                problems.Add($"Missing diagnostic: {expectation}{NearMiss(expectation, unmatched)}");
                continue;
            }

            unmatched.Remove(match);
            CompareDetails(expectation, match, effectiveSeverity, problems);
        }

        problems.AddRange(unmatched.Select(diagnostic => $"Unexpected diagnostic: {DiagnosticFormatter.FormatOneLine(diagnostic)}"));

        foreach (var diagnostic in actual.Where(diagnostic => string.IsNullOrWhiteSpace(diagnostic.Descriptor.HelpLinkUri)))
        {
            problems.Add($"Diagnostic {diagnostic.Id} has no HelpLinkUri: every descriptor must link to its docs page.");
        }

        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void CompareDetails(
        ExpectedDiagnostic expectation,
        Diagnostic actual,
        Func<Diagnostic, DiagnosticSeverity?> effectiveSeverity,
        List<string> problems)
    {
        var where = $"{expectation.Id} at {expectation.Location}";

        var severity = expectation.Severity ?? effectiveSeverity(actual);
        if (severity is { } expectedSeverity && actual.Severity != expectedSeverity)
        {
            var source = expectation.Severity is null ? " (the descriptor's default or the .editorconfig's)" : string.Empty;
            problems.Add($"Wrong severity for {where}: expected {DiagnosticFormatter.SeverityName(expectedSeverity)}{source}, actual {DiagnosticFormatter.SeverityName(actual.Severity)}.");
        }

        var message = actual.GetMessage(CultureInfo.InvariantCulture);
        if (expectation.Message is not null && !string.Equals(expectation.Message, message, StringComparison.Ordinal))
        {
            problems.Add($"Wrong message for {where}:{Environment.NewLine}    expected: \"{expectation.Message}\"{Environment.NewLine}    actual:   \"{message}\"");
        }

        if (expectation.AdditionalLocations is { } expectedAdditional)
        {
            var actualAdditional = actual.AdditionalLocations;
            var same = actualAdditional.Count == expectedAdditional.Count
                && expectedAdditional.Zip(actualAdditional).All(pair => pair.First.Matches(pair.Second));
            if (!same)
            {
                problems.Add(
                    $"Wrong additional locations for {where}:{Environment.NewLine}" +
                    $"    expected: [{string.Join(", ", expectedAdditional)}]{Environment.NewLine}" +
                    $"    actual:   [{string.Join(", ", actualAdditional.Select(DiagnosticFormatter.FormatLocation))}]");
            }
        }
    }

    /// <summary>Names the likely cause when an actual diagnostic shares the id or the span.</summary>
    private static string NearMiss(ExpectedDiagnostic expectation, IEnumerable<Diagnostic> candidates)
    {
        var sameSpan = candidates.FirstOrDefault(diagnostic => expectation.Location.Matches(diagnostic.Location));
        if (sameSpan is not null)
        {
            return $" (the span has {sameSpan.Id} instead: wrong id?)";
        }

        var sameId = candidates.FirstOrDefault(diagnostic => diagnostic.Id == expectation.Id);
        return sameId is not null
            ? $" ({expectation.Id} was reported at {DiagnosticFormatter.FormatLocation(sameId.Location)} instead: wrong span?)"
            : string.Empty;
    }
}
