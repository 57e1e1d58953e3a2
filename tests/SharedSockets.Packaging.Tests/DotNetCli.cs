using System.Diagnostics;

namespace SharedSockets.Packaging.Tests;

/// <summary>The outcome of one child <c>dotnet</c> run, printable as an assertion message.</summary>
public sealed record CliResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"`{CommandLine}` in {WorkingDirectory} exited {ExitCode} after {Elapsed.TotalSeconds:F1} s; output:{Environment.NewLine}{Output}";
}

/// <summary>Runs the SDK's <c>dotnet</c> as a separate, clean build: bounded in time, output captured.</summary>
public static class DotNetCli
{
    // Set by the `dotnet test` that hosts these tests. They pin the outer SDK's MSBuild and how a nested
    // build resolves SDKs and loads targets: harmless while both are the same SDK, but a stale or
    // different value (e.g. MSBuildSDKsPath) fails the nested build outright. It must find its own.
    private static readonly string[] InheritedVariablesToRemove =
    [
        "MSBuildExtensionsPath",
        "MSBuildSDKsPath",
        "MSBUILD_EXE_PATH",
        "MSBuildLoadMicrosoftTargetsReadOnly",
        "MSBUILDNOINPROCNODE",
        "_MSBUILDTLENABLED",
    ];

    /// <summary>The dotnet that runs these tests (set by the CLI for its children), else the one on PATH.</summary>
    private static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// How every child <c>dotnet</c> of these tests starts: redirected, with the host's MSBuild pins removed and
    /// <paramref name="environment"/> applied (a null value removes a variable). For long-lived children too.
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = ChildProcess.StartInfo(Executable, workingDirectory, arguments);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (InheritedVariablesToRemove.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        ChildProcess.RemoveVariables(start, "VSTEST_");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["NUGET_XMLDOC_MODE"] = "skip";
        // Plain, line-oriented output (file(line,col): warning ID: ...) whatever the host's terminal.
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }
        }

        return start;
    }

    public static string CommandLine(IEnumerable<string> arguments) =>
        "dotnet " + string.Join(' ', arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));

    public static CliResult Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var commandLine = CommandLine(arguments);
        var outcome = ChildProcess.Run(StartInfo(workingDirectory, environment, arguments), timeout);
        if (outcome.TimedOut)
        {
            throw new TimeoutException($"`{commandLine}` in {workingDirectory} did not finish within {timeout.TotalSeconds:F0} s; output so far:{Environment.NewLine}{outcome.Output}");
        }

        return new CliResult(commandLine, workingDirectory, outcome.ExitCode, outcome.Output, outcome.Elapsed);
    }
}
