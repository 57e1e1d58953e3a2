using System.Net;
using System.Net.Sockets;

namespace SharedSockets.Winsock.Facts;

/// <summary>Connected TCP pairs on 127.0.0.1; the facts are asked about <see cref="Local"/>'s handle.</summary>
internal sealed class Loopback : IDisposable
{
    private Loopback(Socket local, Socket peer)
    {
        Local = local;
        Peer = peer;
        Peer.ReceiveTimeout = 5000;
    }

    public Socket Local { get; }

    public Socket Peer { get; }

    public nint Handle => Local.Handle;

    public static Loopback Connect()
    {
        using var listener = Listener();
        var local = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        local.Connect(listener.LocalEndPoint!);
        return new Loopback(local, listener.Accept());
    }

    public static Socket Listener()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        return listener;
    }

    /// <summary>What the peer received within its time-out: the text, "EOF", or "error N".</summary>
    public string PeerReceives()
    {
        var buffer = new byte[256];
        try
        {
            var count = Peer.Receive(buffer);
            return count == 0 ? "EOF" : System.Text.Encoding.ASCII.GetString(buffer, 0, count);
        }
        catch (SocketException exception)
        {
            return "error " + exception.ErrorCode;
        }
    }

    public void Dispose()
    {
        Local.Dispose();
        Peer.Dispose();
    }
}
