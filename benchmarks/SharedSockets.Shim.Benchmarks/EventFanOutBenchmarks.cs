using BenchmarkDotNet.Attributes;

namespace SharedSockets.Shim.Benchmarks;

/// <summary>
/// Event-driven echo round trips (64-byte messages): the server waits for FD_READ and fans it out to
/// the reader plus <see cref="Observers"/> other consumers. Raw socket readiness with hand-written
/// dispatch against the shim's subscriptions; 1,000 round trips per invocation.
/// </summary>
[MemoryDiagnoser]
public class EventFanOutBenchmarks
{
    private const int RoundTrips = 1000;

    private PingPongRig _raw = null!;
    private PingPongRig _shim = null!;

    /// <summary>Consumers notified besides the reader.</summary>
    [Params(0, 3)]
    public int Observers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _raw = PingPongRig.Raw(Observers, 64);
        _shim = PingPongRig.Shim(Observers, 64);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _shim.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips, Description = "raw readiness + dispatch")]
    public void Raw()
    {
        for (var i = 0; i < RoundTrips; i++)
        {
            _raw.RoundTrip();
        }
    }

    [Benchmark(OperationsPerInvoke = RoundTrips, Description = "shim subscriptions")]
    public void Shim()
    {
        for (var i = 0; i < RoundTrips; i++)
        {
            _shim.RoundTrip();
        }
    }
}
