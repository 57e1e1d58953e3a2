using System.Net.Sockets;

namespace SharedSockets.Tests;

/// <summary>
/// The case the Winsock documentation says cannot work with duplicated descriptors ("process A
/// receives FD_READ, process B receives FD_WRITE"), done with threads on one shared socket.
/// </summary>
public sealed class ReaderWriterOnOneSocketTests(ITestOutputHelper output)
{
    private const int TotalBytes = 64 * 1024 * 1024;
    private const int Seed = 20260522;

    [Fact]
    public void ReaderAndWriterEachGetTheirOwnEvents_With64MiBEchoedByteExact()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var readerDescriptor = shared.OpenDescriptor();
        using var writerDescriptor = shared.OpenDescriptor();

        // The peer echoes everything, then shuts down its send side: the reader's FD_CLOSE.
        var echo = new Thread(() => Echo(peerSocket)) { IsBackground = true, Name = "peer echo" };

        using var readable = new AutoResetEvent(false);
        using var writable = new AutoResetEvent(false);
        using var readSubscription = readerDescriptor.Subscribe(NetworkEvents.Read | NetworkEvents.Close, readable);
        using var writeSubscription = writerDescriptor.Subscribe(NetworkEvents.Write, writable);

        var readerEvents = new EventCounts();
        var writerEvents = new EventCounts();
        long received = 0;
        var firstMismatch = -1L;
        Exception? readerFailure = null;
        Exception? writerFailure = null;

        var reader = new Thread(() =>
        {
            try
            {
                var check = new TestData(Seed);
                var buffer = new byte[256 * 1024];
                var endOfStream = false;
                var closeReported = false;
                while (!closeReported)
                {
                    Limits.WaitOrFail(readable, "the reader's FD_READ/FD_CLOSE");
                    var events = readSubscription.TakeEvents();
                    readerEvents.Add(events);
                    Assert.Equal(NetworkEvents.None, events & ~(NetworkEvents.Read | NetworkEvents.Close));
                    closeReported = (events & NetworkEvents.Close) != 0;

                    // Winsock style: receive until WSAEWOULDBLOCK (which re-enables FD_READ) or the end.
                    while (!endOfStream && readerDescriptor.TryReceive(buffer, out var count))
                    {
                        endOfStream = count == 0;
                        var mismatch = check.Check(buffer.AsSpan(0, count));
                        if (mismatch >= 0 && firstMismatch < 0)
                        {
                            firstMismatch = received + mismatch;
                        }

                        received += count;
                    }
                }

                Assert.True(endOfStream, "FD_CLOSE came before the data was read.");
            }
            catch (Exception exception)
            {
                readerFailure = exception;
            }
        }) { IsBackground = true, Name = "reader" };

        var writer = new Thread(() =>
        {
            try
            {
                var data = new TestData(Seed);
                var chunk = new byte[128 * 1024];
                var pending = ReadOnlyMemory<byte>.Empty;
                long sent = 0;
                while (sent < TotalBytes)
                {
                    Limits.WaitOrFail(writable, "the writer's FD_WRITE");
                    var events = writeSubscription.TakeEvents();
                    writerEvents.Add(events);
                    Assert.Equal(NetworkEvents.Write, events);

                    // Winsock style: send until WSAEWOULDBLOCK; FD_WRITE comes back when space frees.
                    while (sent < TotalBytes)
                    {
                        if (pending.IsEmpty)
                        {
                            var size = (int)Math.Min(chunk.Length, TotalBytes - sent);
                            chunk = new byte[size];
                            data.Next(chunk);
                            pending = chunk;
                        }

                        if (!writerDescriptor.TrySend(pending.Span, out var count))
                        {
                            break;
                        }

                        pending = pending[count..];
                        sent += count;
                    }
                }
            }
            catch (Exception exception)
            {
                writerFailure = exception;
            }
        }) { IsBackground = true, Name = "writer" };

        echo.Start();
        reader.Start();
        writer.Start();
        var bound = TimeSpan.FromSeconds(90);
        Assert.True(writer.Join(bound), "The writer did not finish.");
        Assert.True(reader.Join(bound), "The reader did not finish.");
        Assert.True(echo.Join(bound), "The echo did not finish.");

        Assert.Null(writerFailure);
        Assert.Null(readerFailure);
        Assert.Equal(TotalBytes, received);
        Assert.Equal(-1L, firstMismatch);

        // Each role got its own events through its own subscription on the one socket: the
        // writer's registration did not cancel the reader's, nor the reader's the writer's.
        Assert.True(readerEvents.Read > 0);
        Assert.Equal(1, readerEvents.Close);
        Assert.Equal(0, readerEvents.Write);
        Assert.True(writerEvents.Write >= 1);
        Assert.Equal(0, writerEvents.Read + writerEvents.Close);
        output.WriteLine($"{TotalBytes} bytes echoed; reader: {readerEvents.Read} FD_READ, {readerEvents.Close} FD_CLOSE; writer: {writerEvents.Write} FD_WRITE.");
    }

    private static void Echo(Socket peer)
    {
        var buffer = new byte[256 * 1024];
        long echoed = 0;
        while (echoed < TotalBytes)
        {
            var count = peer.Receive(buffer);
            if (count == 0)
            {
                break;
            }

            peer.Send(buffer.AsSpan(0, count));
            echoed += count;
        }

        peer.Shutdown(SocketShutdown.Send);
    }

    private sealed class EventCounts
    {
        public int Read { get; private set; }

        public int Write { get; private set; }

        public int Close { get; private set; }

        public void Add(NetworkEvents events)
        {
            Read += (events & NetworkEvents.Read) != 0 ? 1 : 0;
            Write += (events & NetworkEvents.Write) != 0 ? 1 : 0;
            Close += (events & NetworkEvents.Close) != 0 ? 1 : 0;
        }
    }
}
