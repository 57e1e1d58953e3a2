using static WinsockConsumer.Winsock;

namespace WinsockConsumer;

/// <summary>SOCK001: a reader and a writer each register their own event object on one socket.</summary>
internal sealed class ReaderAndWriter
{
    private readonly nint _socket;
    private readonly nint _readEvent = WSACreateEvent();
    private readonly nint _writeEvent = WSACreateEvent();

    private ReaderAndWriter(nint socket) => _socket = socket;

    public static int Run()
    {
        var (local, peer) = Loopback.Pair();
        using var localSocket = local;
        using var peerSocket = peer;
        var connection = new ReaderAndWriter(local.Handle);
        connection.StartReader();
        connection.StartWriter();
        peer.Send("ping"u8);
        return connection.ReaderWakes();
    }

    public void StartReader() => WSAEventSelect(_socket, _readEvent, FD_READ | FD_CLOSE);

    public void StartWriter() => WSAEventSelect(_socket, _writeEvent, FD_WRITE);

    private int ReaderWakes()
    {
        if (WSAWaitForMultipleEvents(1, [_readEvent], false, 3000, false) == WSA_WAIT_TIMEOUT)
        {
            Console.WriteLine("SOCK001: the reader never woke");
            return 1;
        }

        var buffer = new byte[16];
        var count = recv(_socket, buffer, buffer.Length, 0);
        Console.WriteLine($"SOCK001: the reader woke and read '{System.Text.Encoding.ASCII.GetString(buffer, 0, Math.Max(count, 0))}'");
        return count == 4 ? 0 : 1;
    }
}
