using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SharedSockets.Packaging.Tests;

/// <summary>
/// The rules' help links follow RepositoryUrl at build time: a fork that sets its own URL ships links to
/// its own pages, with nothing else to edit.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class ForkHelpLinkTests(PackagingFixture fixture)
{
    private const string ForkUrl = "https://example.org/someone/sharedsockets-fork.git";
    private const string ForkDocsBase = "https://example.org/someone/sharedsockets-fork/blob/main/docs/rules/";

    [Fact]
    public void Analyzers_built_with_a_forks_RepositoryUrl_link_every_rule_to_the_forks_docs_page()
    {
        var artifacts = Path.Combine(fixture.WorkDirectory, "fork-build");
        var project = Path.Combine(fixture.RepositoryRoot, "analyzers", "SharedSockets.Analyzers", "SharedSockets.Analyzers.csproj");
        var build = DotNetCli.Run(fixture.RepositoryRoot, PackagingFixture.BuildTimeout, environment: null,
            "build", project, "-c", "Release", $"-p:RepositoryUrl={ForkUrl}", "--artifacts-path", artifacts, "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build.ToString());
        var assembly = Directory.EnumerateFiles(artifacts, "SharedSockets.Analyzers.dll", SearchOption.AllDirectories)
            .Single(path => path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var links = HelpLinksOf(assembly);

        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"SOCK00{n}"), links.Keys.Order(StringComparer.Ordinal));
        Assert.All(links, link => Assert.Equal($"{ForkDocsBase}{link.Key}.md", link.Value));
    }

    /// <summary>Rule id → help link of every analyzer in the assembly, loaded apart from this test's own copy.</summary>
    private static Dictionary<string, string> HelpLinksOf(string assemblyPath)
    {
        var context = new AssemblyLoadContext("fork-analyzers", isCollectible: true);
        try
        {
            return context.LoadFromAssemblyPath(assemblyPath).GetTypes()
                .Where(type => type is { IsAbstract: false } && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
                .GroupBy(descriptor => descriptor.Id)
                .ToDictionary(group => group.Key, group => group.Select(d => d.HelpLinkUri).Distinct().Single());
        }
        finally
        {
            context.Unload();
        }
    }
}
