using System.Reflection;
using System.Security;
using Xunit;

namespace SharedSockets.Packaging.Tests;

[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackagingFixture>
{
    // One collection: the packages are built once per test run and the consumer builds run one at a time
    // (they are CPU-bound; two cores gain nothing from running them side by side).
    public const string Name = "Packaging";
}

/// <summary>
/// Packs the real packages once per test run, with `dotnet pack Analyzers.sln -c Release`, into a temporary
/// feed, and makes consumer projects that restore from that feed into a private package folder. Nothing
/// is written into the repository: build outputs go to a temporary artifacts path, so this can run while
/// the solution itself is being tested, and a re-pack of the same version is never served from a stale
/// global-packages copy.
/// </summary>
public sealed class PackagingFixture : IDisposable
{
    public const string AnalyzersPackageId = "SharedSockets.Analyzers";
    public const string ShimPackageId = "SharedSockets";

    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    private readonly Dictionary<string, string> _consumers = new(StringComparer.Ordinal);

    public PackagingFixture()
    {
        RepositoryRoot = typeof(PackagingFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        WorkDirectory = Path.Combine(Path.GetTempPath(), "sharedsockets-packaging-" + Guid.NewGuid().ToString("N")[..12]);
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
        ConsumerPackagesDirectory = Path.Combine(WorkDirectory, "consumer-packages");
        Directory.CreateDirectory(FeedDirectory);

        Pack = DotNetCli.Run(RepositoryRoot, PackTimeout, environment: null,
            "pack", Path.Combine(RepositoryRoot, "Analyzers.sln"),
            "-c", "Release",
            "-o", FeedDirectory,
            "--artifacts-path", Path.Combine(WorkDirectory, "build"),
            "-nodeReuse:false");
        if (Pack.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing the solution failed. " + Pack);
        }

        AnalyzersPackage = FindPackage(AnalyzersPackageId);
        ShimPackage = FindPackage(ShimPackageId);
    }

    public string RepositoryRoot { get; }

    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    /// <summary>The consumers' private globalPackagesFolder (what ~/.nuget/packages is for a user).</summary>
    public string ConsumerPackagesDirectory { get; }

    public CliResult Pack { get; }

    public string AnalyzersPackage { get; }

    public string ShimPackage { get; }

    /// <summary>The version both packages were packed with (consumers ask for exactly what this run produced).</summary>
    public string PackageVersion => Path.GetFileNameWithoutExtension(ShimPackage)[(ShimPackageId.Length + 1)..];

    public string SampleDirectory => Path.Combine(RepositoryRoot, "samples", "DiagnosticsSample");

    /// <summary>Environment of every consumer build: the private package folder wins over any NUGET_PACKAGES.</summary>
    public IReadOnlyDictionary<string, string?> ConsumerEnvironment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = ConsumerPackagesDirectory,
    };

    /// <summary>
    /// A restored consumer project in its own folder, made once per test run and name: <paramref name="populate"/>
    /// writes its files into the folder; the folder also gets a nuget.config for the temporary feed and the
    /// samples' Directory.*.props (so it builds as samples/ does, cut off from anything above it).
    /// </summary>
    public string Consumer(string name, Action<string> populate)
    {
        lock (_consumers)
        {
            if (_consumers.TryGetValue(name, out var existing))
            {
                return existing;
            }

            var directory = Path.Combine(WorkDirectory, "consumers", name);
            Directory.CreateDirectory(directory);
            foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
            {
                File.Copy(Path.Combine(RepositoryRoot, "samples", props), Path.Combine(directory, props));
            }

            File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config>
                    <add key="globalPackagesFolder" value="{SecurityElement.Escape(ConsumerPackagesDirectory)}" />
                  </config>
                  <packageSources>
                    <clear />
                    <add key="packaging-tests" value="{SecurityElement.Escape(FeedDirectory)}" />
                  </packageSources>
                </configuration>
                """);
            populate(directory);

            var restore = DotNetCli.Run(directory, BuildTimeout, ConsumerEnvironment, "restore", "-nodeReuse:false");
            if (restore.ExitCode != 0)
            {
                throw new InvalidOperationException($"Restoring consumer '{name}' failed. " + restore);
            }

            _consumers.Add(name, directory);
            return directory;
        }
    }

    /// <summary>A restored copy of samples/DiagnosticsSample (sources only), with <paramref name="extraFiles"/> added.</summary>
    public string SampleCopy(string name, IReadOnlyDictionary<string, string>? extraFiles = null) =>
        Consumer(name, directory =>
        {
            CopySources(SampleDirectory, directory);
            foreach (var (relativePath, text) in extraFiles ?? new Dictionary<string, string>())
            {
                File.WriteAllText(Path.Combine(directory, relativePath), text);
            }
        });

    /// <summary>`dotnet build` of a restored consumer: the compiler always runs, so its diagnostics are always printed.</summary>
    public CliResult Build(string consumerDirectory, params string[] extraArguments) =>
        Run(consumerDirectory, ["build", "--no-restore", "--no-incremental", "-nodeReuse:false", "-v:m", .. extraArguments]);

    /// <summary>Any `dotnet` command in a consumer folder, with the consumers' package folder.</summary>
    public CliResult Run(string consumerDirectory, params string[] arguments) =>
        DotNetCli.Run(consumerDirectory, BuildTimeout, ConsumerEnvironment, arguments);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("SHAREDSOCKETS_KEEP_TEST_FILES") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A compiler server may still hold a file open for a moment; the temp folder is disposable.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (ExpectedLocation.IsBuildOutput(from, file))
            {
                continue;
            }

            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private string FindPackage(string id)
    {
        // SharedSockets.Analyzers.0.1.0.nupkg also starts with "SharedSockets.": match id + "." + a digit.
        var matches = Directory.EnumerateFiles(FeedDirectory, id + ".*.nupkg")
            .Where(path => Path.GetFileName(path).Length > id.Length + 1 && char.IsDigit(Path.GetFileName(path)[id.Length + 1]))
            .ToList();
        if (matches.Count != 1)
        {
            throw new InvalidOperationException(
                $"Expected exactly one {id} package in {FeedDirectory}, found [{string.Join(", ", matches.Select(Path.GetFileName))}]. " + Pack);
        }

        return matches[0];
    }
}
