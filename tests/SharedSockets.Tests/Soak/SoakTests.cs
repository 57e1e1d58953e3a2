using System.Diagnostics;

namespace SharedSockets.Tests.Soak;

/// <summary>
/// Many sockets, four threads each, random subscribe/unsubscribe/dispose, graceful closes and peer
/// resets, on loopback. Bounded in time (SHAREDSOCKETS_SOAK_SECONDS, default 12 s).
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    [Trait(WineTraits.Name, WineTraits.DoubleCompletion)]
    public void ManySocketsAndThreads_RandomChurnAndResets_LoseNoByteAndMissNoClose()
    {
        var settings = SoakSettings.FromEnvironment();
        var totals = new SoakTotals();
        var unobserved = 0;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs args)
        {
            if (Interlocked.Increment(ref unobserved) <= 3)
            {
                totals.Fail($"unobserved task exception: {args.Exception}");
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        var random = new Random(settings.Seed);
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        try
        {
            do
            {
                var runs = Enumerable.Range(0, settings.SocketsPerRound)
                    .Select(index => SoakSocketRun.Start(Plan(random, index), totals))
                    .ToList();
                foreach (var run in runs)
                {
                    Assert.True(run.Join(TimeSpan.FromSeconds(120)), string.Join(Environment.NewLine, totals.Failures.Take(5)));
                }

                rounds++;
            }
            while (clock.Elapsed < settings.Duration && totals.Failures.IsEmpty);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        var summary = $"Soak: {rounds} rounds in {clock.Elapsed.TotalSeconds:F1} s: {totals}, {unobserved} unobserved task exceptions";
        output.WriteLine(summary);
        Console.WriteLine(summary);

        Assert.True(totals.Failures.IsEmpty, string.Join(Environment.NewLine, totals.Failures.Take(10)));
        Assert.True(totals.Sockets >= 64);
        Assert.Equal(0, totals.LostOrDuplicatedBytes);
        Assert.Equal(0, totals.DuplicateCloseEvents);
        Assert.Equal(totals.CloseEventsExpected, totals.CloseEventsSeen);
        Assert.True(totals.CloseEventsExpected >= totals.Sockets * 2);
        Assert.True(totals.Resets > 0);
        Assert.Equal(0, unobserved);
    }

    private static SocketPlan Plan(Random random, int index)
    {
        var ending = (PeerEnding)random.Next(3);
        var downBytes = random.Next(16 * 1024, 768 * 1024);
        return new SocketPlan(
            index,
            downBytes,
            random.Next(16 * 1024, 768 * 1024),
            random.Next(),
            random.Next(),
            ending,
            random.Next(1, downBytes),
            random.Next());
    }
}
