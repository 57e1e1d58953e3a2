using System.Diagnostics;
using System.Text;

namespace SharedSockets.Packaging.Tests;

/// <summary>The output and end of one child process that ran to its end or was killed at its deadline.</summary>
public sealed record ChildProcessOutcome(int ExitCode, string Output, TimeSpan Elapsed, bool TimedOut);

/// <summary>
/// How the tests start and wait for a child process (dotnet, wine, a published program): redirected, no
/// shell, standard input closed, stdout and stderr captured together, killed with its tree at the deadline.
/// </summary>
public static class ChildProcess
{
    public static ProcessStartInfo StartInfo(string fileName, string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Removes the variables whose name starts with one of <paramref name="prefixes"/> (the host's own settings).</summary>
    public static void RemoveVariables(ProcessStartInfo start, params string[] prefixes)
    {
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(name);
            }
        }
    }

    public static ChildProcessOutcome Run(ProcessStartInfo start, TimeSpan timeout)
    {
        var output = new StringBuilder();
        var stdoutClosed = new TaskCompletionSource();
        var stderrClosed = new TaskCompletionSource();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data, stdoutClosed);
        process.ErrorDataReceived += (_, e) => Append(e.Data, stderrClosed);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            return new ChildProcessOutcome(-1, Snapshot(), clock.Elapsed, TimedOut: true);
        }

        // A build may leave a compiler server (or a wineserver) running that inherited the output pipes, so
        // the streams may never close: wait for the tail of the output only briefly.
        Task.WaitAll([stdoutClosed.Task, stderrClosed.Task], TimeSpan.FromSeconds(5));
        return new ChildProcessOutcome(process.ExitCode, Snapshot(), clock.Elapsed, TimedOut: false);

        void Append(string? line, TaskCompletionSource closed)
        {
            if (line is null)
            {
                closed.TrySetResult();
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        string Snapshot()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
