using System.Reflection;
using System.Text.RegularExpressions;

namespace SharedSockets.Winsock.Tests;

/// <summary>docs/winsock-facts.md and the checks say the same, and every rule page links the facts it rests on.</summary>
public sealed partial class FactsDocumentationTests
{
    private static readonly string Root = typeof(FactsDocumentationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private static string FactsPage => File.ReadAllText(Path.Combine(Root, "docs", "winsock-facts.md"));

    [Fact]
    public void EveryCheckedFact_HasItsRowInTheFactsPage_WithTheSameDocumentedAndWineAnswers()
    {
        var rows = FactRow().Matches(FactsPage).ToDictionary(match => match.Groups["id"].Value, match => match.Value);
        Assert.Equal(WinsockFacts.All.Select(fact => fact.Id).Order(), rows.Keys.Order());
        foreach (var fact in WinsockFacts.All)
        {
            var row = rows[fact.Id];
            if (fact.Documented is not null)
            {
                Assert.Contains($"`{fact.Documented}`", row, StringComparison.Ordinal);
            }

            if (fact.Wine is not null)
            {
                // The row names what Wine answered (the part that differs is enough).
                var differing = fact.Wine.Split(' ').Where(word => fact.Documented is null || !fact.Documented.Split(' ').Contains(word));
                Assert.All(differing, word => Assert.Contains(word, row, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void EveryRulePage_LinksTheFactsItRestsOn_BeforeItsKnownLimits()
    {
        var anchors = FactRow().Matches(FactsPage).Select(match => match.Groups["id"].Value).ToHashSet();
        var pages = Directory.EnumerateFiles(Path.Combine(Root, "docs", "rules"), "SOCK*.md").ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var text = File.ReadAllText(page);
            var section = text.IndexOf("\n## Winsock facts\n", StringComparison.Ordinal);
            Assert.True(section >= 0, $"{Path.GetFileName(page)} has no '## Winsock facts' section.");
            var limits = text.IndexOf("\n## Known limits", StringComparison.Ordinal);
            Assert.True(limits < 0 || section < limits, $"{Path.GetFileName(page)}: '## Winsock facts' belongs before '## Known limits'.");
            var end = text.IndexOf("\n## ", section + 1, StringComparison.Ordinal);
            var links = FactLink().Matches(end < 0 ? text[section..] : text[section..end]).Select(match => match.Groups["id"].Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, id => Assert.Contains(id, anchors));
        }
    }

    [GeneratedRegex(@"^\| <a id=""(?<id>F\d\d-[a-z0-9-]+)""></a>.*$", RegexOptions.Multiline)]
    private static partial Regex FactRow();

    [GeneratedRegex(@"\(\.\./winsock-facts\.md#(?<id>F\d\d-[a-z0-9-]+)\)")]
    private static partial Regex FactLink();
}
