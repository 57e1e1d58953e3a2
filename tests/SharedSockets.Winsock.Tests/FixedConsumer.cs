using System.Security;
using SharedSockets.Packaging.Tests;

namespace SharedSockets.Winsock.Tests;

/// <summary>
/// tests/SharedSockets.Winsock.Consumer as a user has it: restored from the packages this run packs
/// (SharedSockets, which brings SharedSockets.Analyzers), published for win-x64 as written (with its
/// bugs), then fixed by `dotnet format analyzers` with the packaged code fixes and published again.
/// </summary>
public sealed class FixedConsumer
{
    public const string Diagnostics = "SOCK001 SOCK004 SOCK005";

    private const string ProjectName = "SharedSockets.Winsock.Consumer";

    public FixedConsumer(WindowsPrograms programs)
    {
        _ = programs.Host;
        var work = Path.Combine(programs.WorkDirectory, "consumer");
        var feed = Path.Combine(work, "feed");
        var source = Path.Combine(work, "src");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(source);
        Environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };

        foreach (var project in new[] { "analyzers/SharedSockets.Analyzers.Package/SharedSockets.Analyzers.Package.csproj", "shim/SharedSockets/SharedSockets.csproj" })
        {
            Check(DotNetCli.Run(programs.RepositoryRoot, WindowsPrograms.BuildTimeout, environment: null,
                "pack", Path.Combine(programs.RepositoryRoot, project), "-c", "Release", "-o", feed,
                "--artifacts-path", Path.Combine(work, "pack"), "-nodeReuse:false"), "pack " + project);
        }

        var template = Path.Combine(programs.RepositoryRoot, "tests", ProjectName);
        foreach (var file in Directory.EnumerateFiles(template).Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        // Built as samples/ are: cut off from the repository's props, with its own package versions.
        foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            File.Copy(Path.Combine(programs.RepositoryRoot, "samples", props), Path.Combine(source, props));
        }

        // The packages come from this run's feed only; the .NET runtime packs from nuget.org.
        File.WriteAllText(Path.Combine(source, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="winsock-tests" value="{SecurityElement.Escape(feed)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="winsock-tests">
                  <package pattern="SharedSockets" />
                  <package pattern="SharedSockets.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        var projectPath = Path.Combine(source, ProjectName + ".csproj");
        (Before, BeforePublish) = programs.Publish(projectPath, "consumer-before", Environment);
        Check(DotNetCli.Run(source, WindowsPrograms.BuildTimeout, Environment, "restore", "-nodeReuse:false"), "restore");
        Format = DotNetCli.Run(source, WindowsPrograms.BuildTimeout, Environment,
            ["format", "analyzers", projectPath, "--no-restore", "--diagnostics", .. Diagnostics.Split(' '), "--severity", "info"]);
        Check(Format, "dotnet format analyzers");
        FixedSources = Directory.EnumerateFiles(source, "*.cs").ToDictionary(path => Path.GetFileName(path), File.ReadAllText);
        (After, AfterPublish) = programs.Publish(projectPath, "consumer-after", Environment);
        OriginalSources = Directory.EnumerateFiles(template, "*.cs").ToDictionary(path => Path.GetFileName(path), File.ReadAllText);
    }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public string Before { get; }

    public CliResult BeforePublish { get; }

    public CliResult Format { get; }

    public string After { get; }

    public CliResult AfterPublish { get; }

    public IReadOnlyDictionary<string, string> OriginalSources { get; }

    public IReadOnlyDictionary<string, string> FixedSources { get; }

    private static void Check(CliResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed. " + result);
        }
    }
}
