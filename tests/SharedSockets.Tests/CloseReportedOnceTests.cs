using SharedSockets;
using SharedSockets.Engine;

namespace SharedSockets.Tests;

/// <summary>FD_CLOSE is reported once per subscription, whichever engine path offers it.</summary>
public sealed class CloseReportedOnceTests
{
    [Fact]
    public void CloseOfferedTwice_IsRecordedOnce()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        using var subscription = descriptor.Subscribe(NetworkEvents.Read | NetworkEvents.Close, _ => { });

        // Record's result is what reached the sink (the callback sink may consume the events at once).
        // The race the soak test found: a mask change reports Close as a present condition while the
        // engine's own publication of the close is still on its way to the same subscription.
        Assert.Equal(NetworkEvents.Close, subscription.Record(NetworkEvents.Close, DispatchThread.Borrowed));
        Assert.Equal(NetworkEvents.Read, subscription.Record(NetworkEvents.Read | NetworkEvents.Close, DispatchThread.Borrowed));
        Assert.Equal(NetworkEvents.None, subscription.Record(NetworkEvents.Close, DispatchThread.Borrowed));
    }
}
