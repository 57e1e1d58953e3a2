namespace SharedSockets.Tests;

/// <summary>Where a <c>WaitAsync</c> continuation runs: the engine's one rule, seen from outside.</summary>
public sealed class WaitResumptionTests
{
    [Fact]
    public async Task AWaitForConditionsThatAlreadyHold_IsCompleteWhenWaitAsyncReturns()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();

        // Connected: FD_WRITE is recorded from the start.
        var writable = descriptor.WaitAsync(NetworkEvents.Write);
        Assert.True(writable.IsCompletedSuccessfully);
        Assert.Equal(NetworkEvents.Write, await writable);

        // FD_READ reported once and not re-enabled: the next wait finds it latched.
        peerSocket.Send("x"u8);
        Assert.Equal(NetworkEvents.Read, await descriptor.WaitAsync(NetworkEvents.Read).WithinLimit("FD_READ"));
        var readable = descriptor.WaitAsync(NetworkEvents.Read | NetworkEvents.Close);
        Assert.True(readable.IsCompletedSuccessfully);
        Assert.Equal(NetworkEvents.Read, await readable);
        Assert.Equal(0, shared.Engine.SubscriptionCount);
    }

    [Fact]
    public async Task AWaitEndedByTheReactorThread_ResumesOnTheThreadPool_NotOnTheThreadEverySocketShares()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();

        // Fill the send path until WSAEWOULDBLOCK holds for a while (the kernel moves data on to the
        // peer's receive buffer for a moment): FD_WRITE then waits on the reactor's poll thread.
        var chunk = new byte[256 * 1024];
        long filled = 0;
        var deadline = DateTime.UtcNow + Limits.Operation;
        bool sentAny;
        do
        {
            sentAny = false;
            while (descriptor.TrySend(chunk, out var sent))
            {
                filled += sent;
                sentAny = true;
                Assert.True(DateTime.UtcNow < deadline, "The send buffer never filled.");
            }

            Thread.Sleep(50);
        }
        while (sentAny);

        var wait = descriptor.WaitAsync(NetworkEvents.Write);
        Assert.False(wait.IsCompleted);
        string? resumedOnName = null;
        var resumedOnPool = false;
        using var resumed = new ManualResetEvent(false);
        _ = wait.ContinueWith(
            _ =>
            {
                resumedOnName = Thread.CurrentThread.Name;
                resumedOnPool = Thread.CurrentThread.IsThreadPoolThread;
                resumed.Set();
            },
            TaskContinuationOptions.ExecuteSynchronously);

        var buffer = new byte[256 * 1024];
        long drained = 0;
        while (drained < filled)
        {
            drained += peerSocket.Receive(buffer);
        }

        Limits.WaitOrFail(resumed, "the waiter's resumption after FD_WRITE");
        Assert.Equal(NetworkEvents.Write, await wait);
        Assert.True(resumedOnPool, $"The waiter resumed on '{resumedOnName}', not on the thread pool.");
        Assert.NotEqual("SharedSockets readiness", resumedOnName);
    }
}
