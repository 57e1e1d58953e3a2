using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SharedSockets.Winsock.Tests;

/// <summary>
/// The promise of the package, end to end: a program with the bug shows the failure on a real Winsock,
/// and the same program after `dotnet format analyzers` applied the packaged fixes behaves. Behaviour is
/// asserted (exit codes and what the program saw), never the text of a fix.
/// </summary>
[Collection(WindowsProgramsCollection.Name)]
public sealed class FixedProgramTests(WindowsPrograms programs, ITestOutputHelper output)
{
    public static TheoryData<string, string, string> Scenarios => new()
    {
        // scenario, what the buggy program shows, what the fixed program shows
        { "sock001", "SOCK001: the reader never woke", "SOCK001: the reader woke and read 'ping'" },
        { "sock004", "SOCK004: FIONBIO refused with error 10022", "SOCK004: blocking mode set, trailer received: 'tail'" },
        { "sock005", "SOCK005: the worker's send failed with error 10058; the peer got 0 bytes", "SOCK005: the worker's reply reached the peer: 'reply'" },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void TheBuggyProgramFails_AndTheFixedProgramBehaves(string scenario, string failure, string success)
    {
        var consumer = programs.Consumer;
        var before = programs.Host.Run(consumer.Before, TimeSpan.FromMinutes(2), scenario);
        output.WriteLine("before: " + before);
        Assert.True(before.ExitCode == 1 && before.Output.Contains(failure, StringComparison.Ordinal), $"The buggy program should show '{failure}'. " + before);

        var after = programs.Host.Run(consumer.After, TimeSpan.FromMinutes(2), scenario);
        output.WriteLine("after: " + after);
        Assert.True(after.ExitCode == 0 && after.Output.Contains(success, StringComparison.Ordinal), $"The fixed program should show '{success}'. " + after);
    }

    [Fact]
    public void TheAnalyzersFlagTheBugs_AndNoneIsLeftAfterTheFixes()
    {
        var consumer = programs.Consumer;
        foreach (var id in FixedConsumer.Diagnostics.Split(' '))
        {
            Assert.Matches(new Regex($@"warning {id}:"), consumer.BeforePublish.Output);
            Assert.DoesNotMatch(new Regex($@"warning {id}:"), consumer.AfterPublish.Output);
        }

        Assert.NotEqual(consumer.OriginalSources, consumer.FixedSources);
    }
}
