using System.Reflection;

namespace SharedSockets.Packaging.Tests;

/// <summary>Links into the repository, from RepositoryUrl in Directory.Build.props (what the rules' help links are built from).</summary>
public static class RepositoryLinks
{
    public static string RepositoryUrl { get; } = typeof(RepositoryLinks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryUrl").Value!.TrimEnd('/');

    /// <summary>A rule's page under docs/rules/ on the repository's main branch, as the forge shows files.</summary>
    public static string RuleHelpLink(string ruleId) => $"{RepositoryUrl}/blob/main/docs/rules/{ruleId}.md";
}
