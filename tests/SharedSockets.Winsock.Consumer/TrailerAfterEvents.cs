using System.Net.Sockets;
using static WinsockConsumer.Winsock;

namespace WinsockConsumer;

/// <summary>SOCK004: event-driven until the header is in, then a blocking read of the trailer.</summary>
internal static class TrailerAfterEvents
{
    public static int Run()
    {
        var (socket, peer) = Loopback.Pair();
        using var localSocket = socket;
        using var peerSocket = peer;
        var dataReady = WSACreateEvent();
        WSAEventSelect(socket.Handle, dataReady, FD_READ | FD_CLOSE);
        peer.Send("head"u8);
        WSAWaitForMultipleEvents(1, [dataReady], false, 3000, false);
        var header = new byte[4];
        socket.Receive(header);

        var sender = new Thread(() =>
        {
            Thread.Sleep(300);
            peer.Send("tail"u8);
        });
        sender.Start();
        try
        {
            socket.Blocking = true;
        }
        catch (SocketException exception)
        {
            Console.WriteLine($"SOCK004: FIONBIO refused with error {exception.ErrorCode}");
            sender.Join();
            return 1;
        }

        var trailer = new byte[4];
        var count = socket.Receive(trailer);
        sender.Join();
        Console.WriteLine($"SOCK004: blocking mode set, trailer received: '{System.Text.Encoding.ASCII.GetString(trailer, 0, count)}'");
        return count == 4 ? 0 : 1;
    }
}
