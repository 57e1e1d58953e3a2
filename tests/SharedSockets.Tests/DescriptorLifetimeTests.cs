using System.Net.Sockets;

namespace SharedSockets.Tests;

/// <summary>Reference counting: a descriptor releases only itself; the last one closes the socket.</summary>
public sealed class DescriptorLifetimeTests
{
    [Fact]
    public void OnlyTheLastReleaseClosesTheSocket_ThePeerThenSeesTheEndOfTheStream()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        var shared = new SharedSocket(local);
        var first = shared.OpenDescriptor();
        var second = shared.OpenDescriptor();
        Assert.Equal(2, shared.DescriptorCount);

        shared.Dispose();
        first.Dispose();
        Assert.False(shared.IsClosed);

        // Still open: the remaining descriptor works, and the peer sees no end of stream yet.
        second.Send("still here"u8);
        var buffer = new byte[64];
        Assert.Equal(10, peerSocket.Receive(buffer));
        Assert.False(peerSocket.Poll((int)Limits.Quiet.TotalMicroseconds, SelectMode.SelectRead));

        second.Dispose();
        Assert.True(shared.IsClosed);
        Assert.Equal(0, shared.DescriptorCount);

        // A graceful close (FIN, not RST) even though the engine had readiness work pending.
        Assert.Equal(0, peerSocket.Receive(buffer));
    }

    [Fact]
    public void TheSharedSocketItselfHoldsAReference_LikeTheOriginalDescriptor()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        var shared = new SharedSocket(local);
        using (var descriptor = shared.OpenDescriptor())
        {
            descriptor.Send("a"u8);
        }

        Assert.False(shared.IsClosed);
        shared.Dispose();
        Assert.True(shared.IsClosed);
        Assert.Equal("a"u8.ToArray(), Loopback.ReadToEnd(peerSocket));
    }

    [Fact]
    public void ManyThreadsOpeningAndDisposingConcurrently_NeverCloseEarly_AndCloseExactlyOnceAtTheEnd()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        var shared = new SharedSocket(local);
        const int threads = 16;
        const int rounds = 500;
        var failures = 0;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(index => new Thread(() =>
        {
            start.SignalAndWait(Limits.Operation);
            for (var round = 0; round < rounds; round++)
            {
                try
                {
                    var descriptor = shared.OpenDescriptor();
                    if (round % 50 == index % 50)
                    {
                        descriptor.Subscribe(NetworkEvents.Read, _ => { });
                    }

                    descriptor.Dispose();
                    descriptor.Dispose();
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            Assert.True(worker.Join(Limits.Operation));
        }

        Assert.Equal(0, failures);
        Assert.Equal(0, shared.DescriptorCount);
        Assert.False(shared.IsClosed);
        Assert.Equal(0, shared.Engine.SubscriptionCount);
        shared.Dispose();
        Assert.True(shared.IsClosed);
        Assert.Equal(0, peerSocket.Receive(new byte[1]));
    }

    [Fact]
    public void RacingTheOwnersDisposeAgainstOpenDescriptor_EitherOpensOrThrowsObjectDisposed_AndClosesOnce()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (local, peer) = Loopback.TcpPair();
            using var peerSocket = peer;
            var shared = new SharedSocket(local);
            SocketDescriptor? opened = null;
            Exception? failure = null;
            using var go = new Barrier(2);
            var opener = new Thread(() =>
            {
                go.SignalAndWait(Limits.Operation);
                try
                {
                    opened = shared.OpenDescriptor();
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            });
            opener.Start();
            go.SignalAndWait(Limits.Operation);
            shared.Dispose();
            Assert.True(opener.Join(Limits.Operation));

            if (opened is null)
            {
                Assert.IsType<ObjectDisposedException>(failure);
                Assert.True(shared.IsClosed);
            }
            else
            {
                Assert.False(shared.IsClosed);
                opened.Dispose();
                Assert.True(shared.IsClosed);
            }

            Assert.Equal(0, peerSocket.Receive(new byte[1]));
        }
    }

    [Fact]
    public async Task DisposingADescriptorDuringAPendingReceive_EndsThatCallWithObjectDisposed_OthersKeepTheSocketAndEveryByte()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        var leaving = shared.OpenDescriptor();
        using var staying = shared.OpenDescriptor();

        var pendingAsync = leaving.ReceiveAsync(new byte[16]).AsTask();
        Exception? syncOutcome = null;
        var pendingSync = new Thread(() =>
        {
            try
            {
                leaving.Receive(new byte[16]);
            }
            catch (Exception exception)
            {
                syncOutcome = exception;
            }
        });
        pendingSync.Start();
        Thread.Sleep(100);
        Assert.False(pendingAsync.IsCompleted);

        leaving.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pendingAsync.WithinLimit("the cancelled receive"));
        Assert.True(pendingSync.Join(Limits.Operation));
        Assert.IsType<ObjectDisposedException>(syncOutcome);
        Assert.Throws<ObjectDisposedException>(() => leaving.Receive(new byte[1]));
        Assert.False(shared.IsClosed);

        // The cancelled receives consumed nothing: every byte reaches the remaining descriptor.
        peerSocket.Send("0123456789"u8);
        var buffer = new byte[10];
        var received = 0;
        while (received < buffer.Length)
        {
            received += await staying.ReceiveAsync(buffer.AsMemory(received), Limits.OperationToken());
        }

        Assert.Equal("0123456789"u8.ToArray(), buffer);
    }

    [Fact]
    public async Task DisposingADescriptor_EndsItsSubscriptionsAndWaits_OnlyItsOwn()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        var leaving = shared.OpenDescriptor();
        using var staying = shared.OpenDescriptor();
        var keptEvents = new EventRecorder();
        var goneSubscription = leaving.Subscribe(NetworkEvents.Read, _ => { });
        var wait = leaving.WaitAsync(NetworkEvents.Read);
        using var kept = staying.Subscribe(NetworkEvents.Read, keptEvents.Record);

        leaving.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => wait.WithinLimit("the ended wait"));
        Assert.False(goneSubscription.IsActive);
        Assert.True(kept.IsActive);
        peerSocket.Send("x"u8);
        keptEvents.WaitFor(NetworkEvents.Read);
    }

    [Fact]
    public async Task CancellingAReceive_ThrowsOperationCanceled_AndLosesNoByte()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        using var cancel = new CancellationTokenSource();

        var pending = descriptor.ReceiveAsync(new byte[4], cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WithinLimit("the cancelled receive"));

        peerSocket.Send("abcd"u8);
        var buffer = new byte[4];
        var received = 0;
        while (received < 4)
        {
            received += descriptor.Receive(buffer.AsSpan(received));
        }

        Assert.Equal("abcd"u8.ToArray(), buffer);
    }
}
