using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): unlike a stopwatch, it does not
/// count the time the thread spends preempted by other threads or blocked. Elsewhere it falls back to the
/// stopwatch, and says so.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    public static bool IsThreadCpuTime { get; } = OperatingSystem.IsLinux();

    /// <summary>Nanoseconds on the calling thread's clock.</summary>
    public static long Now()
    {
        if (IsThreadCpuTime && clock_gettime(ClockThreadCpuTime, out var time) == 0)
        {
            return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    /// <summary>
    /// What an empty timed interval reads on this clock (two reads back to back), in nanoseconds:
    /// subtracted once per timed callback, since a thread-CPU clock read is a system call, not free.
    /// </summary>
    public static double EmptyIntervalNanoseconds { get; } = Calibrate();

    private static double Calibrate()
    {
        const int Samples = 200_000;
        long total = 0;
        for (var i = 0; i < Samples; i++)
        {
            var start = Now();
            total += Now() - start;
        }

        return (double)total / Samples;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
