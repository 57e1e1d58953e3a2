using SharedSockets.Packaging.Tests;

namespace SharedSockets.Winsock.Tests;

/// <summary>
/// Where a win-x64 program runs: natively on Windows; elsewhere under Wine, in one private Wine prefix
/// made for this test run and ended (wineserver -k) and deleted with it.
/// </summary>
public sealed class WindowsHost : IDisposable
{
    public const string InstallHint =
        "Wine is needed to run the Winsock tests on Linux; install it with: apt-get install -y --no-install-recommends wine wine64";

    private readonly string? _prefix;

    public WindowsHost(string workDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (FindOnPath("wine") is null || FindOnPath("wineserver") is null)
        {
            throw new InvalidOperationException(InstallHint);
        }

        _prefix = Path.Combine(workDirectory, "wineprefix");
        Directory.CreateDirectory(_prefix);
        var boot = Start("wineboot", ["-i"], workDirectory, TimeSpan.FromMinutes(3));
        if (boot.ExitCode != 0)
        {
            throw new InvalidOperationException("Making the Wine prefix failed. " + boot);
        }
    }

    /// <summary>True when programs run under Wine (so Wine's recorded deviations from the documentation apply).</summary>
    public bool IsWine => _prefix is not null;

    /// <summary>Runs <paramref name="executable"/> (a published win-x64 .exe) with <paramref name="arguments"/>, in its own folder.</summary>
    public ProgramRun Run(string executable, TimeSpan timeout, params string[] arguments) =>
        IsWine
            ? Start("wine", [executable, .. arguments], Path.GetDirectoryName(executable)!, timeout)
            : Start(executable, arguments, Path.GetDirectoryName(executable)!, timeout);

    public void Dispose()
    {
        if (_prefix is null)
        {
            return;
        }

        // End the Wine server this run started (it lingers after the last program), then its prefix.
        Start("wineserver", ["-k"], Path.GetDirectoryName(_prefix)!, TimeSpan.FromSeconds(30));
        Start("wineserver", ["-w"], Path.GetDirectoryName(_prefix)!, TimeSpan.FromSeconds(30));
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private ProgramRun Start(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = ChildProcess.StartInfo(fileName, workingDirectory, arguments);

        // The test host's own .NET settings (DOTNET_ROOT, startup hooks, additional deps, ...) would reach
        // the program too (Wine passes the environment on) and break a self-contained app: drop them.
        ChildProcess.RemoveVariables(start, "DOTNET_", "COREHOST", "VSTEST", "MSBuild", "CORECLR_");
        if (_prefix is not null)
        {
            start.Environment["WINEPREFIX"] = _prefix;
            start.Environment["WINEDEBUG"] = "-all";
            if (fileName == "wineboot")
            {
                // No Wine Mono or Gecko in the prefix (nothing to download, no dialog): the programs are
                // self-contained .NET. Only for making the prefix: at run time Wine's mscoree must stay
                // enabled, or the loader refuses the runtime's own IL assemblies ("Module not found").
                start.Environment["WINEDLLOVERRIDES"] = "mscoree,mshtml=";
            }

            // Wine 8 and .NET's W^X mapping: without this some programs die at start with an internal CLR error.
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }

        var commandLine = string.Join(' ', arguments.Prepend(fileName).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
        var outcome = ChildProcess.Run(start, timeout);
        return outcome.TimedOut
            ? new ProgramRun(commandLine, -1, outcome.Output + $"{Environment.NewLine}(killed after {timeout.TotalSeconds:F0} s)", outcome.Elapsed)
            : new ProgramRun(commandLine, outcome.ExitCode, outcome.Output, outcome.Elapsed);
    }
}
