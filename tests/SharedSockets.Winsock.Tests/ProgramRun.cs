namespace SharedSockets.Winsock.Tests;

/// <summary>One run of a Windows program, printable as an assertion message.</summary>
public sealed record ProgramRun(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"`{CommandLine}` exited {ExitCode} after {Elapsed.TotalSeconds:F1} s; output:{Environment.NewLine}{Output}";
}
