using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// Turns the markup of the test documents, plus the ShouldReportDiagnostic details (the n-th call
/// describes the n-th markup diagnostic, documents in order, spans in source order), into the
/// diagnostics the test expects. Inconsistent tests are reported as test errors, not mismatches.
/// </summary>
internal static class ExpectedDiagnostics
{
    public static ImmutableArray<ExpectedDiagnostic> Create(
        IReadOnlyList<TestSource> sources,
        IReadOnlyList<DiagnosticDetails> details,
        ImmutableHashSet<string> supportedIds)
    {
        var namedLocations = NamedLocations(sources);
        var expected = ImmutableArray.CreateBuilder<ExpectedDiagnostic>();

        foreach (var source in sources)
        {
            var text = SourceText.From(source.Markup.Text);
            foreach (var span in source.Markup.DiagnosticSpans)
            {
                var location = new ExpectedLocation(source.FileName, span.Span, text.Lines.GetLinePositionSpan(span.Span));
                var detail = expected.Count < details.Count ? details[expected.Count] : null;
                var id = ResolveId(span, detail, location, supportedIds);
                var additional = detail is { AdditionalLocationMarkers.Count: > 0 }
                    ? detail.AdditionalLocationMarkers.Select(marker => Resolve(marker, namedLocations, location)).ToList()
                    : null;

                expected.Add(new ExpectedDiagnostic(id, location, detail?.Severity, detail?.Message, additional));
            }
        }

        if (details.Count > expected.Count)
        {
            throw new InvalidOperationException(
                $"Test error: ShouldReportDiagnostic was called {details.Count} times but the markup holds {expected.Count} diagnostic span(s) ([|...|] or {{|ID:...|}}); each call describes the next markup span.");
        }

        return expected.ToImmutable();
    }

    private static string ResolveId(MarkupSpan span, DiagnosticDetails? detail, ExpectedLocation location, ImmutableHashSet<string> supportedIds)
    {
        string id;
        if (span.Kind == MarkupSpanKind.Diagnostic)
        {
            id = span.Name!;
            if (detail is not null && detail.Id != id)
            {
                throw new InvalidOperationException(
                    $"Test error: the markup at {location} expects {id} but its ShouldReportDiagnostic call says {detail.Id}.");
            }
        }
        else if (detail is not null)
        {
            id = detail.Id;
        }
        else if (supportedIds.Count == 1)
        {
            id = supportedIds.First();
        }
        else
        {
            throw new InvalidOperationException(
                $"Test error: [|...|] at {location} is ambiguous, the analyzers under test support {string.Join(", ", supportedIds.Order(StringComparer.Ordinal))}; write {{|ID:...|}}.");
        }

        if (!supportedIds.Contains(id))
        {
            throw new InvalidOperationException(
                $"Test error: the markup at {location} expects {id}, which no analyzer under test supports ({string.Join(", ", supportedIds.Order(StringComparer.Ordinal))}).");
        }

        return id;
    }

    private static Dictionary<string, ExpectedLocation> NamedLocations(IReadOnlyList<TestSource> sources)
    {
        var named = new Dictionary<string, ExpectedLocation>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var text = SourceText.From(source.Markup.Text);
            foreach (var span in source.Markup.Spans.Where(span => span.Kind == MarkupSpanKind.NamedLocation))
            {
                if (!named.TryAdd(span.Name!, new ExpectedLocation(source.FileName, span.Span, text.Lines.GetLinePositionSpan(span.Span))))
                {
                    throw new InvalidOperationException($"Test error: the location name '{span.Name}' is used in more than one place.");
                }
            }
        }

        return named;
    }

    private static ExpectedLocation Resolve(string marker, Dictionary<string, ExpectedLocation> namedLocations, ExpectedLocation diagnostic)
    {
        var name = marker.StartsWith('#') ? marker : "#" + marker;
        return namedLocations.TryGetValue(name, out var location)
            ? location
            : throw new InvalidOperationException(
                $"Test error: the diagnostic at {diagnostic} names additional location '{marker}' but no {{|{name}:...|}} span exists (named: {string.Join(", ", namedLocations.Keys)}).");
    }
}
