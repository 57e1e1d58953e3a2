using Microsoft.CodeAnalysis.Text;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.VerifierTests;

/// <summary>Markup is removed before compiling and its spans point into the clean text.</summary>
public sealed class MarkupParserTests
{
    [Fact]
    public void DefaultSpan_IsRemovedAndLocated()
    {
        var parsed = MarkupParser.Parse("a [|bc|] d");

        Assert.Equal("a bc d", parsed.Text);
        var span = Assert.Single(parsed.Spans);
        Assert.Equal(new MarkupSpan(MarkupSpanKind.DefaultDiagnostic, null, new TextSpan(2, 2)), span);
    }

    [Fact]
    public void NestedSpans_AreInOpeningOrder_OuterFirst()
    {
        var parsed = MarkupParser.Parse("{|SOCK001:Call({|#0:x|}, [|y|])|};");

        Assert.Equal("Call(x, y);", parsed.Text);
        Assert.Collection(
            parsed.Spans,
            outer => Assert.Equal(new MarkupSpan(MarkupSpanKind.Diagnostic, "SOCK001", TextSpan.FromBounds(0, 10)), outer),
            named => Assert.Equal(new MarkupSpan(MarkupSpanKind.NamedLocation, "#0", new TextSpan(5, 1)), named),
            inner => Assert.Equal(new MarkupSpan(MarkupSpanKind.DefaultDiagnostic, null, new TextSpan(8, 1)), inner));
        Assert.Equal(2, parsed.DiagnosticSpans.Count());
    }

    [Fact]
    public void CSharpThatLooksLikeMarkup_IsLeftAlone()
    {
        const string code = "var ok = a || b; int[] x = { 1 }; if (f is { } g) { } var s = $\"{x}\"; var t = c | d;";

        var parsed = MarkupParser.Parse(code);

        Assert.Equal(code, parsed.Text);
        Assert.Empty(parsed.Spans);
    }

    [Fact]
    public void UnclosedSpan_IsAFormatError()
    {
        var exception = Assert.Throws<FormatException>(() => MarkupParser.Parse("x\n  [|y"));

        Assert.Contains("line 2, column 3 is never closed with '|]'", exception.Message);
    }

    [Fact]
    public void MismatchedClose_IsAFormatError()
    {
        var exception = Assert.Throws<FormatException>(() => MarkupParser.Parse("{|SOCK001:y|]"));

        Assert.Contains("expects '|}'", exception.Message);
    }

    [Fact]
    public void DuplicateLocationName_IsAFormatError()
    {
        Assert.Throws<FormatException>(() => MarkupParser.Parse("{|#0:a|} {|#0:b|}"));
    }
}
