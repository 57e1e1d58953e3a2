using System.Net.Sockets;

namespace SharedSockets.Tests;

/// <summary>Fan-out and Winsock's re-enabling rules, on real loopback TCP.</summary>
public sealed class EventSemanticsTests
{
    [Fact]
    public void ANewSubscriptionNeverCancelsAnother_EverySubscriberWhoseMaskMatchesGetsTheEvent()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var first = shared.OpenDescriptor();
        using var second = shared.OpenDescriptor();
        var readers = Enumerable.Range(0, 3).Select(_ => new EventRecorder()).ToArray();
        var writerOnly = new EventRecorder();

        using var a = first.Subscribe(NetworkEvents.Read, readers[0].Record);
        using var b = second.Subscribe(NetworkEvents.Read | NetworkEvents.Close, readers[1].Record);
        using var c = second.Subscribe(NetworkEvents.Read, readers[2].Record);
        using var d = first.Subscribe(NetworkEvents.Accept | NetworkEvents.Oob, writerOnly.Record);

        peerSocket.Send("x"u8);

        foreach (var reader in readers)
        {
            reader.WaitFor(NetworkEvents.Read);
        }

        Assert.Equal(NetworkEvents.None, writerOnly.AfterQuiet());
        Assert.Equal(4, shared.Engine.SubscriptionCount);
    }

    [Fact]
    public void Read_IsReportedOnce_UntilAReceive_ThenAgainAtOnceIfDataRemains()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        using var readable = new AutoResetEvent(false);
        using var subscription = descriptor.Subscribe(NetworkEvents.Read, readable);

        peerSocket.Send(new byte[10]);
        Limits.WaitOrFail(readable, "FD_READ");
        Assert.Equal(NetworkEvents.Read, subscription.TakeEvents());

        // More data without a receive: no new FD_READ (Winsock re-enables it only with recv).
        peerSocket.Send(new byte[10]);
        Assert.False(readable.WaitOne(Limits.Quiet));

        // A partial receive leaves data: FD_READ again at once (level-triggered).
        var buffer = new byte[5];
        Assert.Equal(5, descriptor.Receive(buffer));
        Limits.WaitOrFail(readable, "FD_READ after a partial receive");
        Assert.Equal(NetworkEvents.Read, subscription.TakeEvents());

        // Draining everything: no FD_READ until new data arrives.
        var drained = 5;
        var large = new byte[64];
        while (drained < 20)
        {
            drained += descriptor.Receive(large);
        }

        Assert.False(descriptor.TryReceive(large, out _));
        Assert.False(readable.WaitOne(Limits.Quiet));
        peerSocket.Send(new byte[1]);
        Limits.WaitOrFail(readable, "FD_READ for new data");
    }

    [Fact]
    public void Write_IsReportedWhenSubscribing_ThenOnlyAfterAWouldBlockSend()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        using var writable = new AutoResetEvent(false);
        using var subscription = descriptor.Subscribe(NetworkEvents.Write, writable);

        // Connected and writable: recorded at registration, as WSAEventSelect does.
        Limits.WaitOrFail(writable, "the initial FD_WRITE");
        Assert.Equal(NetworkEvents.Write, subscription.TakeEvents());

        // Sends that fit do not re-enable it.
        Assert.True(descriptor.TrySend(new byte[100], out var sent));
        Assert.Equal(100, sent);
        Assert.False(writable.WaitOne(Limits.Quiet));

        // Fill the send path until WSAEWOULDBLOCK (the peer is not reading).
        var chunk = new byte[256 * 1024];
        long filled = 100;
        var deadline = DateTime.UtcNow + Limits.Operation;
        while (descriptor.TrySend(chunk, out sent))
        {
            filled += sent;
            Assert.True(DateTime.UtcNow < deadline, "The send buffer never filled.");
        }

        Assert.False(writable.WaitOne(Limits.Quiet));

        // The peer drains: space frees, FD_WRITE comes back once.
        var drain = new Thread(() =>
        {
            var buffer = new byte[256 * 1024];
            long read = 0;
            while (read < filled)
            {
                read += peerSocket.Receive(buffer);
            }
        });
        drain.Start();
        Limits.WaitOrFail(writable, "FD_WRITE after a would-block send");
        Assert.Equal(NetworkEvents.Write, subscription.TakeEvents());
        Assert.True(drain.Join(Limits.Operation));
    }

    [Fact]
    public void Close_IsReportedOnce_ToEverySubscriber_AndToLateSubscribersOnce()
    {
        var (local, peer) = Loopback.TcpPair();
        using var shared = new SharedSocket(local);
        using var first = shared.OpenDescriptor();
        using var second = shared.OpenDescriptor();
        var early = new EventRecorder();
        var other = new EventRecorder();
        using var s1 = first.Subscribe(NetworkEvents.Close, early.Record);
        using var s2 = second.Subscribe(NetworkEvents.Read | NetworkEvents.Close, other.Record);

        peer.Shutdown(SocketShutdown.Send);
        peer.Dispose();

        early.WaitFor(NetworkEvents.Close);
        other.WaitFor(NetworkEvents.Close);
        var late = new EventRecorder();
        using var s3 = first.Subscribe(NetworkEvents.Close | NetworkEvents.Read, late.Record);
        late.WaitFor(NetworkEvents.Close);

        early.AfterQuiet();
        Assert.Equal(1, early.Count(NetworkEvents.Close));
        Assert.Equal(1, other.Count(NetworkEvents.Close));
        Assert.Equal(1, late.Count(NetworkEvents.Close));
        Assert.True(shared.IsConnectionClosed);
        Assert.Equal(SocketError.Success, shared.CloseError);
        Assert.Equal(0, first.Receive(new byte[8]));
    }

    [Fact]
    [Trait(WineTraits.Name, WineTraits.ResetReportedWithoutError)]
    public void Close_AfterAPeerReset_CarriesTheResetError()
    {
        var (local, peer) = Loopback.TcpPair();
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        var recorder = new EventRecorder();
        using var subscription = descriptor.Subscribe(NetworkEvents.Close, recorder.Record);

        peer.LingerState = new LingerOption(true, 0);
        peer.Dispose();

        recorder.WaitFor(NetworkEvents.Close);
        Assert.Equal(SocketError.ConnectionReset, shared.CloseError);
        var error = Assert.Throws<SocketException>(() => descriptor.Receive(new byte[8]));
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
    }

    [Fact]
    public void ChangeEvents_UpdatesOnlyThatSubscription_AndRecordsConditionsThatAlreadyHold()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        using var signal = new AutoResetEvent(false);
        var other = new EventRecorder();
        using var subscription = descriptor.Subscribe(NetworkEvents.Oob, signal);
        using var untouched = descriptor.Subscribe(NetworkEvents.Read, other.Record);

        peerSocket.Send("data"u8);
        other.WaitFor(NetworkEvents.Read);
        Assert.False(signal.WaitOne(Limits.Quiet));

        subscription.ChangeEvents(NetworkEvents.Read | NetworkEvents.Write);
        Limits.WaitOrFail(signal, "conditions recorded on a mask change");
        Assert.Equal(NetworkEvents.Read | NetworkEvents.Write, subscription.TakeEvents());
        Assert.Equal(NetworkEvents.Read | NetworkEvents.Write, subscription.Events);
        Assert.Equal(NetworkEvents.Read, untouched.Events);
    }

    [Fact]
    public void DisposingOneSubscription_LeavesTheOthersReceiving()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        var gone = new EventRecorder();
        var kept = new EventRecorder();
        var removed = descriptor.Subscribe(NetworkEvents.Read, gone.Record);
        using var stays = descriptor.Subscribe(NetworkEvents.Read, kept.Record);

        removed.Dispose();
        Assert.False(removed.IsActive);
        peerSocket.Send("x"u8);

        kept.WaitFor(NetworkEvents.Read);
        Assert.Equal(NetworkEvents.None, gone.AfterQuiet());
        Assert.True(stays.IsActive);
    }

    [Fact]
    public async Task WaitAsync_CompletesWithTheEvent_IsCancellable_AndLeavesNothingRegistered()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();

        using var cancel = new CancellationTokenSource();
        var cancelled = descriptor.WaitAsync(NetworkEvents.Read, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WithinLimit("the cancelled wait"));

        var pending = descriptor.WaitAsync(NetworkEvents.Read | NetworkEvents.Close);
        Assert.False(pending.IsCompleted);
        peerSocket.Send("x"u8);
        Assert.Equal(NetworkEvents.Read, await pending.WithinLimit("FD_READ"));

        // Already readable: completes at once.
        Assert.Equal(NetworkEvents.Read, await descriptor.WaitAsync(NetworkEvents.Read).WithinLimit("the recorded FD_READ"));
        Assert.Equal(0, shared.Engine.SubscriptionCount);
    }

    [Theory]
    [InlineData("shutdown")]
    [InlineData("dispose")]
    public async Task WaitAsync_NeverResumesTheWaiterInsideTheCallThatEndedTheWait(string how)
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        var descriptor = shared.OpenDescriptor();
        var wait = descriptor.WaitAsync(NetworkEvents.Close);
        var resumedOn = 0;
        using var resumed = new ManualResetEvent(false);
        _ = wait.ContinueWith(
            _ =>
            {
                resumedOn = Environment.CurrentManagedThreadId;
                resumed.Set();
            },
            TaskContinuationOptions.ExecuteSynchronously);

        if (how == "shutdown")
        {
            shared.Shutdown(SocketShutdown.Receive);
        }
        else
        {
            descriptor.Dispose();
        }

        // Blocking, not awaiting: this thread must not go back to the pool and pick up the continuation itself.
        var caller = Environment.CurrentManagedThreadId;
        Limits.WaitOrFail(resumed, "the waiter's resumption");
        Assert.NotEqual(caller, Volatile.Read(ref resumedOn));

        // Observed either way, so no unobserved exception reaches the soak test's watch.
        if (how == "shutdown")
        {
            Assert.Equal(NetworkEvents.Close, await wait);
        }
        else
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => wait);
        }
        descriptor.Dispose();
    }

    [Fact]
    public void ACallbackThatThrows_EndsOnlyItsOwnSubscription()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        var healthy = new EventRecorder();
        using var faulty = descriptor.Subscribe(NetworkEvents.Read, _ => throw new InvalidOperationException("subscriber bug"));
        using var fine = descriptor.Subscribe(NetworkEvents.Read, healthy.Record);

        peerSocket.Send("x"u8);
        healthy.WaitFor(NetworkEvents.Read);
        var deadline = DateTime.UtcNow + Limits.Operation;
        while (faulty.IsActive && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.False(faulty.IsActive);
        Assert.IsType<InvalidOperationException>(faulty.Fault);
        Assert.True(fine.IsActive);
    }

    [Fact]
    public void CallbacksOfOneSubscription_NeverRunConcurrently_AndCoalesce()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        var running = 0;
        var overlaps = 0;
        var calls = 0;
        using var subscription = descriptor.Subscribe(NetworkEvents.Read | NetworkEvents.Write, events =>
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Thread.Sleep(20);
            Interlocked.Increment(ref calls);
            if ((events & NetworkEvents.Read) != 0)
            {
                descriptor.TryReceive(new byte[1], out _);
            }

            Interlocked.Decrement(ref running);
        });

        for (var i = 0; i < 20; i++)
        {
            peerSocket.Send("x"u8);
            Thread.Sleep(2);
        }

        Thread.Sleep(Limits.Quiet);
        Assert.Equal(0, overlaps);
        Assert.InRange(calls, 2, 40);
    }
}
