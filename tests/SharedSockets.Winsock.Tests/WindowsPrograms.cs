using System.Reflection;
using SharedSockets.Packaging.Tests;

namespace SharedSockets.Winsock.Tests;

[CollectionDefinition(Name)]
public sealed class WindowsProgramsCollection : ICollectionFixture<WindowsPrograms>
{
    // One collection: one Wine prefix and server for the whole run, and the programs run one at a time
    // (publishing is CPU-bound, and Wine runs socket work several times slower than Linux).
    public const string Name = "Windows programs";
}

/// <summary>
/// Publishes the repository's Windows programs for win-x64 (self-contained, so Wine needs no .NET of its
/// own) into a temporary folder, once per test run and project, and runs them on <see cref="Host"/>.
/// Builds go to a temporary artifacts path: nothing is written into the repository.
/// </summary>
public sealed class WindowsPrograms : IDisposable
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    private readonly Dictionary<string, string> _published = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProgramRun> _runs = new(StringComparer.Ordinal);
    private readonly Lazy<WindowsHost> _host;
    private readonly Lazy<FixedConsumer> _consumer;

    public WindowsPrograms()
    {
        RepositoryRoot = typeof(WindowsPrograms).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        WorkDirectory = Path.Combine(Path.GetTempPath(), "sharedsockets-winsock-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(WorkDirectory);
        _host = new Lazy<WindowsHost>(() => new WindowsHost(WorkDirectory));
        _consumer = new Lazy<FixedConsumer>(() => new FixedConsumer(this));
    }

    public string RepositoryRoot { get; }

    public string WorkDirectory { get; }

    /// <summary>Where the programs run; throws <see cref="WindowsHost.InstallHint"/> when Wine is missing.</summary>
    public WindowsHost Host => _host.Value;

    /// <summary>The consumer program published before and after `dotnet format` applied the packaged fixes (made on first use).</summary>
    public FixedConsumer Consumer => _consumer.Value;

    /// <summary>The .exe of <paramref name="project"/> (a path relative to the repository), published once per run.</summary>
    public string Published(string project)
    {
        lock (_published)
        {
            var projectPath = Path.Combine(RepositoryRoot, project);
            if (!_published.TryGetValue(projectPath, out var executable))
            {
                executable = Publish(projectPath, Path.GetFileNameWithoutExtension(projectPath), environment: null).Executable;
                _published.Add(projectPath, executable);
            }

            return executable;
        }
    }

    /// <summary>Publishes <paramref name="projectPath"/> for win-x64 into its own folder named <paramref name="label"/>: the .exe and the publish's output (its warnings).</summary>
    public (string Executable, CliResult Publish) Publish(string projectPath, string label, IReadOnlyDictionary<string, string?>? environment)
    {
        // No program can run without a Windows host (Wine on Linux): say so before spending a build on it.
        _ = Host;
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var output = Path.Combine(WorkDirectory, "published", label);
        var publish = DotNetCli.Run(Path.GetDirectoryName(projectPath)!, BuildTimeout, environment,
            "publish", projectPath,
            "-c", "Release",
            "-r", "win-x64",
            "--self-contained",
            "-o", output,
            "--artifacts-path", Path.Combine(WorkDirectory, "build", label),
            "-nodeReuse:false",
            "-v:m");
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"Publishing {projectPath} for win-x64 failed. " + publish);
        }

        var executable = Path.Combine(output, name + ".exe");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Publishing {projectPath} made no {name}.exe. " + publish);
        }

        return (executable, publish);
    }

    /// <summary>The run of <paramref name="project"/>'s program with <paramref name="arguments"/>, made once per test run (several tests read one run).</summary>
    public ProgramRun RunOnce(string project, TimeSpan timeout, params string[] arguments)
    {
        var executable = Published(project);
        lock (_runs)
        {
            var key = project + " " + string.Join(' ', arguments);
            if (!_runs.TryGetValue(key, out var run))
            {
                run = Host.Run(executable, timeout, arguments);
                _runs.Add(key, run);
            }

            return run;
        }
    }

    public void Dispose()
    {
        if (_host.IsValueCreated)
        {
            _host.Value.Dispose();
        }

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
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
