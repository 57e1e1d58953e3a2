using System.Net;
using System.Net.Sockets;

namespace SharedSockets.Shim.Benchmarks;

/// <summary>A loopback connection whose far end echoes everything back on its own task: the same for raw and shim.</summary>
internal sealed class EchoPeer : IDisposable
{
    private readonly Socket _peer;
    private readonly Task _echo;

    private EchoPeer(Socket local, Socket peer)
    {
        Local = local;
        _peer = peer;
        _echo = Task.Run(EchoAsync);
    }

    /// <summary>The end the benchmark uses (raw, or wrapped in a SharedSocket).</summary>
    public Socket Local { get; }

    public static EchoPeer Connect()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var local = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        local.Connect(listener.LocalEndPoint!);
        var peer = listener.Accept();
        peer.NoDelay = true;
        return new EchoPeer(local, peer);
    }

    public void Dispose()
    {
        _peer.Dispose();
        Local.Dispose();
        try
        {
            _echo.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The echo ends with the socket.
        }
    }

    private async Task EchoAsync()
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var count = await _peer.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                if (count == 0)
                {
                    return;
                }

                await _peer.SendAsync(buffer.AsMemory(0, count), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }
}
