using System.Net.Sockets;
using SharedSockets.Winsock.Facts.Native;
using static SharedSockets.Winsock.Facts.Native.Ws2;

namespace SharedSockets.Winsock.Facts.Checks;

/// <summary>closesocket releases a descriptor; shutdown acts on the socket; how a close is reported.</summary>
internal static class LifetimeFacts
{
    public static string CloseACopy()
    {
        using var pair = Loopback.Connect();
        var copy = Duplicates.Copy(pair.Handle);
        var close = Observed.Result(closesocket(copy));
        var sent = send(pair.Handle, "after"u8.ToArray(), 5, 0);
        return $"close={close} send={sent} peer={pair.PeerReceives()}";
    }

    public static string ShutdownACopy()
    {
        using var pair = Loopback.Connect();
        var copy = Duplicates.Copy(pair.Handle);
        try
        {
            Observed.Check(shutdown(copy, SD_SEND), "shutdown(copy, SD_SEND)");
            var peer = pair.PeerReceives();
            var sent = send(pair.Handle, "x"u8.ToArray(), 1, 0);
            return $"peer={peer} original-send={(sent == 1 ? "1" : $"{sent}/{WSAGetLastError()}")}";
        }
        finally
        {
            closesocket(copy);
        }
    }

    public static string ReceiveAfterShutdownOfTheReceiveSide()
    {
        using var pair = Loopback.Connect();
        pair.Local.ReceiveTimeout = 1500;
        var copy = Duplicates.Copy(pair.Handle);
        try
        {
            Observed.Check(shutdown(copy, SD_RECEIVE), "shutdown(copy, SD_RECEIVE)");
            return $"recv-through-original={Observed.Receive(pair.Handle)}";
        }
        finally
        {
            closesocket(copy);
        }
    }

    public static string CloseEventAfterGracefulClose() => CloseEvent(abortive: false);

    public static string CloseEventAfterAbortiveClose() => CloseEvent(abortive: true);

    private static string CloseEvent(bool abortive)
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_CLOSE), "WSAEventSelect(FD_CLOSE)");
        if (abortive)
        {
            pair.Peer.LingerState = new LingerOption(true, 0);
        }

        pair.Peer.Close();
        var state = signal.State(Observed.Expected);
        var record = Observed.Enumerate(pair.Handle, signal);
        return $"event={state} events={Observed.Events(record.Events)} error={record.ErrorCodes[FD_CLOSE_BIT]}";
    }
}
