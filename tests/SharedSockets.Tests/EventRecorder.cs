using System.Collections.Concurrent;

namespace SharedSockets.Tests;

/// <summary>A callback subscriber that keeps every delivery, for assertions.</summary>
internal sealed class EventRecorder
{
    private readonly ConcurrentQueue<NetworkEvents> _deliveries = new();
    private readonly SemaphoreSlim _delivered = new(0);

    public void Record(NetworkEvents events)
    {
        _deliveries.Enqueue(events);
        _delivered.Release();
    }

    public NetworkEvents[] Deliveries => _deliveries.ToArray();

    public NetworkEvents All => Deliveries.Aggregate(NetworkEvents.None, (all, events) => all | events);

    public int Count(NetworkEvents single) => Deliveries.Count(events => (events & single) != 0);

    /// <summary>Waits until a delivery containing <paramref name="expected"/> arrives, or fails.</summary>
    public void WaitFor(NetworkEvents expected)
    {
        var deadline = DateTime.UtcNow + Limits.Operation;
        while ((All & expected) != expected)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && _delivered.Wait(left), $"Timed out waiting for {expected}; got {All}.");
        }
    }

    /// <summary>Gives deliveries in flight time to land, then returns what arrived.</summary>
    public NetworkEvents AfterQuiet()
    {
        Thread.Sleep(Limits.Quiet);
        return All;
    }
}
