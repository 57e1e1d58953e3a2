namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>Files of the repository the tests run from (found by walking up to Analyzers.sln).</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    public static string PathOf(params string[] relative) => Path.Combine(new[] { Root }.Concat(relative).ToArray());

    public static string[] ReadLines(params string[] relative) => File.ReadAllLines(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Analyzers.sln above {AppContext.BaseDirectory}: the meta tests read the repository's docs and release files.");
    }
}
