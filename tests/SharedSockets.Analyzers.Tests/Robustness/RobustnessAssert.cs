using System.Text;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>Collects analyzer failures over many inputs and fails once, naming every failing case.</summary>
internal sealed class RobustnessAssert
{
    private const int ShownFailures = 5;
    private readonly List<(string Case, string Source, IReadOnlyList<string> Failures)> failing = new();

    public int Cases { get; private set; }

    public async Task CheckAsync(string caseName, string source, Func<Task<IReadOnlyList<string>>> run)
    {
        Cases++;
        IReadOnlyList<string> failures;
        try
        {
            failures = await run().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failures = new[] { $"The analysis threw {exception}" };
        }

        if (failures.Count > 0)
        {
            failing.Add((caseName, source, failures));
        }
    }

    public Task CheckAsync(string caseName, string source) =>
        CheckAsync(caseName, source, () => AnalyzerCrashProbe.RunAsync(source));

    /// <summary>Fails with the first failing inputs in full (so they can be turned into regression tests).</summary>
    public void NoFailures()
    {
        if (failing.Count == 0)
        {
            return;
        }

        var message = new StringBuilder()
            .AppendLine($"{failing.Count} of {Cases} inputs made an analyzer fail:");
        foreach (var (caseName, source, failures) in failing.Take(ShownFailures))
        {
            message.AppendLine($"--- {caseName}");
            foreach (var failure in failures)
            {
                message.AppendLine(failure);
            }

            message.AppendLine("--- input:").AppendLine(source);
        }

        if (failing.Count > ShownFailures)
        {
            message.AppendLine($"... and {failing.Count - ShownFailures} more: {string.Join(", ", failing.Skip(ShownFailures).Select(f => f.Case))}");
        }

        Assert.Fail(message.ToString());
    }
}
