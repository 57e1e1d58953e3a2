using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// Every descriptor of every shipped analyzer against the project's conventions and its documents:
/// id, help link, docs page (title in sync), category, severity, release tracking, README table.
/// Scoped to the analyzers that exist, so a rule in progress does not fail CI before it lands; once it
/// lands, a missing or stale document does.
/// </summary>
public sealed class RuleDescriptorTests
{
    /// <summary>RepositoryUrl of Directory.Build.props, which the help links are built from.</summary>
    private static readonly string RepositoryUrl = typeof(RuleDescriptorTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryUrl").Value!.TrimEnd('/');

    /// <summary>How the forge links a file of the main branch: {RepositoryUrl}/blob/main/{path in the repository}.</summary>
    private static readonly string MainBranchFiles = RepositoryUrl + "/blob/main/";

    public static TheoryData<string> AnalyzerNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var type in ShippedAnalyzers.AnalyzerTypes)
            {
                data.Add(type.Name);
            }

            return data;
        }
    }

    [Fact]
    public void TheAnalyzerAssembly_ShipsAtLeastTheReferenceRule() =>
        Assert.Contains(ShippedAnalyzers.AnalyzerTypes, type => type.Name == "EventRegistrationCancelsEarlierAnalyzer");

    [Fact]
    public void EachId_BelongsToOneAnalyzer()
    {
        var owners = ShippedAnalyzers.Descriptors()
            .GroupBy(pair => pair.Descriptor.Id)
            .Where(group => group.Select(pair => pair.Analyzer).Distinct().Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(pair => pair.Analyzer.Name).Distinct())}");
        Assert.Empty(owners);
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Descriptors_FollowTheConventions(string analyzerName)
    {
        foreach (var descriptor in DescriptorsOf(analyzerName))
        {
            Assert.Matches(new Regex("^SOCK00[1-8]$"), descriptor.Id);
            Assert.Contains(descriptor.Id, ShippedAnalyzers.DeclaredIds);
            Assert.Equal("Reliability", descriptor.Category);
            Assert.Equal(DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault, $"{descriptor.Id} is disabled by default");
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()), $"{descriptor.Id} has no title");
            Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()), $"{descriptor.Id} has no message format");
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), $"{descriptor.Id} has no description");
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void HelpLink_IsTheRulesDocsPage_InTheRepositoryThatRepositoryUrlNames(string analyzerName)
    {
        foreach (var descriptor in DescriptorsOf(analyzerName))
        {
            var link = descriptor.HelpLinkUri;
            Assert.True(
                link.StartsWith(MainBranchFiles, StringComparison.Ordinal),
                $"{descriptor.Id}'s help link '{link}' does not follow RepositoryUrl: expected it under {MainBranchFiles}");
            var pathInRepository = link[MainBranchFiles.Length..];
            Assert.Equal($"docs/rules/{descriptor.Id}.md", pathInRepository);
            Assert.True(
                File.Exists(RepositoryFiles.PathOf(pathInRepository.Split('/'))),
                $"{descriptor.Id}'s help link '{link}' names {pathInRepository}, which is not in the repository");
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void DocsPage_ExistsAndItsHeadingCarriesTheTitle(string analyzerName)
    {
        foreach (var descriptor in DescriptorsOf(analyzerName))
        {
            var page = RepositoryFiles.PathOf("docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Id} ({analyzerName}) has no docs page at docs/rules/{descriptor.Id}.md, which its help link points to");

            var heading = File.ReadLines(page).FirstOrDefault() ?? string.Empty;
            var expected = $"# {descriptor.Id}: {descriptor.Title}";
            Assert.True(
                heading.StartsWith(expected, StringComparison.Ordinal),
                $"docs/rules/{descriptor.Id}.md is stale: its first line is '{heading}', the descriptor's title gives '{expected}'");
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void ReleaseTracking_ListsTheIdWithItsCategorySeverityAndAnalyzer(string analyzerName)
    {
        var releaseLines = ReleaseTrackingLines();
        foreach (var descriptor in DescriptorsOf(analyzerName))
        {
            var line = releaseLines.FirstOrDefault(cells => cells[0] == descriptor.Id);
            Assert.True(line is not null, $"{descriptor.Id} is in neither AnalyzerReleases.Unshipped.md nor AnalyzerReleases.Shipped.md");
            Assert.Equal(descriptor.Category, line![1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), line[2]);
            Assert.Equal(analyzerName, line.Length > 3 ? line[3] : string.Empty);
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void ReadmeRuleTable_HasARowLinkingTheDocsPage(string analyzerName)
    {
        var rows = RepositoryFiles.ReadLines("README.md").Where(line => line.StartsWith('|')).ToArray();
        foreach (var id in DescriptorsOf(analyzerName).Select(descriptor => descriptor.Id).Distinct())
        {
            var row = rows.FirstOrDefault(line => line.TrimStart('|', ' ').StartsWith(id, StringComparison.Ordinal) || line.Contains($"[{id}]", StringComparison.Ordinal));
            Assert.True(row is not null, $"README.md's rule table has no row for {id}");
            Assert.True(
                row!.Contains($"(docs/rules/{id}.md)", StringComparison.Ordinal),
                $"README.md's row for {id} does not link docs/rules/{id}.md (stale row? '{row}')");
        }
    }

    private static IEnumerable<DiagnosticDescriptor> DescriptorsOf(string analyzerName) =>
        ShippedAnalyzers.Descriptors().Where(pair => pair.Analyzer.Name == analyzerName).Select(pair => pair.Descriptor);

    /// <summary>Table rows of both release files, split into cells: id, category, severity, notes.</summary>
    private static List<string[]> ReleaseTrackingLines() =>
        new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(file => RepositoryFiles.ReadLines("analyzers", "SharedSockets.Analyzers", file))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length >= 3 && cells[0].StartsWith("SOCK", StringComparison.Ordinal))
            .ToList();
}
