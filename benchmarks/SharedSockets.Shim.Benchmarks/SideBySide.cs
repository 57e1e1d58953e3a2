using System.Diagnostics;
using System.Text;

namespace SharedSockets.Shim.Benchmarks;

/// <summary>
/// The per-operation comparison BenchmarkDotNet does not give: p99 latency of single round trips. Raw
/// and shim run alternately in blocks (A B A B …) in one process, so drift (CPU frequency, other load)
/// hits both alike; the report is the shim's figure divided by raw's.
/// </summary>
internal static class SideBySide
{
    public static string Run(int blocks, int roundTripsPerBlock, int bulkRuns)
    {
        var report = new StringBuilder();
        report.AppendLine($"Side-by-side run: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average at start: {LoadAverage()}");
        report.AppendLine();
        report.AppendLine("| Scenario | Raw | Shim | Shim / raw | Target |");
        report.AppendLine("|---|---|---|---|---|");

        var (rawBulk, shimBulk) = BulkEcho(bulkRuns);
        report.AppendLine($"| Echo throughput, 8 MiB in 64 KiB sends (median of {bulkRuns}) | {rawBulk:F0} MB/s | {shimBulk:F0} MB/s | {shimBulk / rawBulk:F3}x | >= 0.95x |");

        foreach (var observers in new[] { 0, 3 })
        {
            var (raw, shim, fannedOut) = PingPong(observers, blocks, roundTripsPerBlock);
            var consumers = observers + 1;
            report.AppendLine($"| Event-driven echo, {consumers} consumer(s): round trips/s | {raw.PerSecond:F0} | {shim.PerSecond:F0} | {shim.PerSecond / raw.PerSecond:F3}x | >= 0.95x |");
            report.AppendLine($"| Event-driven echo, {consumers} consumer(s): p50 latency | {raw.P50:F1} us | {shim.P50:F1} us | {shim.P50 / raw.P50:F3}x | |");
            report.AppendLine($"| Event-driven echo, {consumers} consumer(s): p99 latency | {raw.P99:F1} us | {shim.P99:F1} us | {shim.P99 / raw.P99:F3}x | <= 1.1x |");
            if (observers > 0)
            {
                report.AppendLine($"| (observer notifications delivered: raw {fannedOut.Raw:N0}, shim {fannedOut.Shim:N0}) | | | | |");
            }
        }

        report.AppendLine();
        report.AppendLine($"{blocks} alternating blocks of {roundTripsPerBlock} round trips per side and scenario, 64-byte messages, after a warm-up. Load average at end: {LoadAverage()}.");
        return report.ToString();
    }

    /// <summary>Other work on the machine skews tails; the report states how busy it was.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static (double Raw, double Shim) BulkEcho(int runs)
    {
        using var rawPeer = EchoPeer.Connect();
        using var sharedPeer = EchoPeer.Connect();
        using var shared = new SharedSocket(sharedPeer.Local);
        using var reader = shared.OpenDescriptor();
        using var writer = shared.OpenDescriptor();
        var chunk = new byte[64 * 1024];
        var buffer = new byte[256 * 1024];
        const int total = 8 * 1024 * 1024;

        double Once(Func<ReadOnlyMemory<byte>, ValueTask> send, Func<Memory<byte>, ValueTask<int>> receive)
        {
            var clock = Stopwatch.StartNew();
            var sending = Task.Run(async () =>
            {
                for (var sent = 0; sent < total; sent += chunk.Length)
                {
                    await send(chunk);
                }
            });
            var received = 0;
            while (received < total)
            {
                received += receive(buffer).AsTask().GetAwaiter().GetResult();
            }

            sending.GetAwaiter().GetResult();
            return total / clock.Elapsed.TotalSeconds / 1e6;
        }

        var raw = rawPeer.Local;
        double RawOnce() => Once(
            async data => await raw.SendAsync(data, System.Net.Sockets.SocketFlags.None),
            memory => raw.ReceiveAsync(memory, System.Net.Sockets.SocketFlags.None));
        double ShimOnce() => Once(
            async data => await writer.SendAsync(data),
            memory => reader.ReceiveAsync(memory));

        RawOnce();
        ShimOnce();
        var rawRates = new List<double>();
        var shimRates = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            rawRates.Add(RawOnce());
            shimRates.Add(ShimOnce());
        }

        return (Median(rawRates), Median(shimRates));
    }

    private static (Stats Raw, Stats Shim, (long Raw, long Shim) FannedOut) PingPong(int observers, int blocks, int perBlock)
    {
        using var raw = PingPongRig.Raw(observers, 64);
        using var shim = PingPongRig.Shim(observers, 64);
        for (var i = 0; i < 2000; i++)
        {
            raw.RoundTrip();
            shim.RoundTrip();
        }

        var rawSamples = new List<double>(blocks * perBlock);
        var shimSamples = new List<double>(blocks * perBlock);
        var rawTime = TimeSpan.Zero;
        var shimTime = TimeSpan.Zero;
        for (var block = 0; block < blocks; block++)
        {
            rawTime += Measure(raw, perBlock, rawSamples);
            shimTime += Measure(shim, perBlock, shimSamples);
        }

        var rawStats = Stats.Of(rawSamples, blocks * perBlock / rawTime.TotalSeconds);
        var shimStats = Stats.Of(shimSamples, blocks * perBlock / shimTime.TotalSeconds);
        return (rawStats, shimStats, (raw.Observed, shim.Observed));
    }

    private static TimeSpan Measure(PingPongRig rig, int count, List<double> samples)
    {
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            rig.RoundTrip();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return total.Elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private sealed record Stats(double P50, double P99, double PerSecond)
    {
        public static Stats Of(List<double> samples, double perSecond)
        {
            var sorted = samples.Order().ToArray();
            return new Stats(sorted[(int)(sorted.Length * 0.50)], sorted[(int)(sorted.Length * 0.99)], perSecond);
        }
    }
}
