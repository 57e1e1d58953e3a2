using System.Net;
using System.Net.Sockets;

namespace WinsockConsumer;

/// <summary>The other end of the connection, a plain .NET socket on 127.0.0.1.</summary>
internal static class Loopback
{
    public static (Socket Local, Socket Peer) Pair()
    {
        using var listener = Listener();
        var local = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        local.Connect(listener.LocalEndPoint!);
        var peer = listener.Accept();
        peer.ReceiveTimeout = 3000;
        return (local, peer);
    }

    public static Socket Listener()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        return listener;
    }

    /// <summary>What the peer reads until the end of the stream or its time-out.</summary>
    public static string ReadAll(Socket peer)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new byte[64];
        try
        {
            int count;
            while ((count = peer.Receive(buffer)) > 0)
            {
                text.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, count));
            }
        }
        catch (SocketException)
        {
        }

        return text.ToString();
    }
}
