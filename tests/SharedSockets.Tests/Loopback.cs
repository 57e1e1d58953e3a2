using System.Net;
using System.Net.Sockets;

namespace SharedSockets.Tests;

/// <summary>Real sockets on 127.0.0.1 only.</summary>
internal static class Loopback
{
    /// <summary>A connected TCP pair: <c>Local</c> is the one tests share, <c>Peer</c> the other end.</summary>
    public static (Socket Local, Socket Peer) TcpPair()
    {
        using var listener = Listener();
        var local = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        local.Connect(listener.LocalEndPoint!);
        var peer = listener.Accept();
        peer.ReceiveTimeout = (int)Limits.Operation.TotalMilliseconds;
        peer.SendTimeout = (int)Limits.Operation.TotalMilliseconds;
        return (local, peer);
    }

    /// <summary>A listening TCP socket on an ephemeral loopback port.</summary>
    public static Socket Listener(int backlog = 128)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>Two UDP sockets connected to each other.</summary>
    public static (Socket Local, Socket Peer) UdpPair()
    {
        var local = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        local.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        local.Connect(peer.LocalEndPoint!);
        peer.Connect(local.LocalEndPoint!);
        peer.ReceiveTimeout = (int)Limits.Operation.TotalMilliseconds;
        return (local, peer);
    }

    /// <summary>Reads from <paramref name="socket"/> until the end of the stream; bounded by the socket's receive timeout.</summary>
    public static byte[] ReadToEnd(Socket socket)
    {
        using var collected = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int count;
        while ((count = socket.Receive(buffer)) > 0)
        {
            collected.Write(buffer, 0, count);
        }

        return collected.ToArray();
    }
}
