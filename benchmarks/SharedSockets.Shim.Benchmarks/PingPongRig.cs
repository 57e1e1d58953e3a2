using System.Net.Sockets;

namespace SharedSockets.Shim.Benchmarks;

/// <summary>
/// An event-driven echo server on one end of a loopback connection, and a client on the other that
/// measures round trips. The server waits for readability once per message and fans the event out to
/// <c>observers</c> further consumers, then receives and echoes. Raw: one zero-byte receive as the
/// readiness wait and hand-written dispatch to the thread pool (what one WSAEventSelect plus
/// WSAEnumNetworkEvents dispatch amounts to). Shim: the reader's WaitAsync and one subscription per
/// observer on other descriptors of the same SharedSocket.
/// </summary>
internal sealed class PingPongRig : IDisposable
{
    private readonly Socket _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _server;
    private readonly SharedSocket? _shared;
    private readonly List<IDisposable> _owned = new();
    private readonly byte[] _ping;
    private readonly byte[] _pong;
    private long _observed;

    private PingPongRig(bool useShim, int observers, int messageBytes)
    {
        (_client, var serverSocket) = ServerPair();
        _ping = new byte[messageBytes];
        _pong = new byte[messageBytes];
        if (useShim)
        {
            _shared = new SharedSocket(serverSocket);
            var reader = _shared.OpenDescriptor();
            _owned.Add(reader);
            for (var i = 0; i < observers; i++)
            {
                var observer = _shared.OpenDescriptor();
                _owned.Add(observer);
                _owned.Add(observer.Subscribe(NetworkEvents.Read, _ => Interlocked.Increment(ref _observed)));
            }

            _server = Task.Run(() => ServeShimAsync(reader, _stop.Token));
        }
        else
        {
            _owned.Add(serverSocket);
            _server = Task.Run(() => ServeRawAsync(serverSocket, observers, _stop.Token));
        }
    }

    /// <summary>How many observer notifications were delivered (a sanity check that fan-out happened).</summary>
    public long Observed => Interlocked.Read(ref _observed);

    public static PingPongRig Raw(int observers, int messageBytes) => new(useShim: false, observers, messageBytes);

    public static PingPongRig Shim(int observers, int messageBytes) => new(useShim: true, observers, messageBytes);

    /// <summary>One round trip: send a message, receive its echo.</summary>
    public void RoundTrip()
    {
        _client.Send(_ping);
        var received = 0;
        while (received < _pong.Length)
        {
            var count = _client.Receive(_pong, received, _pong.Length - received, SocketFlags.None);
            if (count == 0)
            {
                throw new InvalidOperationException("The server closed the connection.");
            }

            received += count;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        try
        {
            _server.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _shared?.Dispose();
    }

    private static (Socket Client, Socket Server) ServerPair()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        var server = listener.Accept();
        server.NoDelay = true;
        return (client, server);
    }

    private async Task ServeRawAsync(Socket socket, int observers, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        Action<object?> observe = _ => Interlocked.Increment(ref _observed);
        try
        {
            while (true)
            {
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, stop);
                for (var i = 0; i < observers; i++)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(observe, null, preferLocal: false);
                }

                var count = socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    continue;
                }

                if (count == 0 || error != SocketError.Success)
                {
                    return;
                }

                socket.Send(buffer, 0, count, SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task ServeShimAsync(SocketDescriptor reader, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var events = await reader.WaitAsync(NetworkEvents.Read | NetworkEvents.Close, stop);
                if ((events & NetworkEvents.Close) != 0)
                {
                    return;
                }

                // One receive per FD_READ: if data remains, the shim reports FD_READ again (level-triggered).
                if (reader.TryReceive(buffer, out var count))
                {
                    if (count == 0)
                    {
                        return;
                    }

                    reader.Send(buffer.AsSpan(0, count));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
