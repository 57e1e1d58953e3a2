using SharedSockets.Testing.Native;
using SharedSockets.Winsock.Facts.Native;
using static SharedSockets.Winsock.Facts.Native.Ws2;

namespace SharedSockets.Winsock.Facts.Checks;

/// <summary>One registration per socket: a later one cancels the earlier, whoever made it.</summary>
internal static class RegistrationFacts
{
    public static string LaterRegistrationOnTheSameDescriptor()
    {
        using var pair = Loopback.Connect();
        using EventObject first = new(), second = new();
        Observed.Check(WSAEventSelect(pair.Handle, first.Handle, FD_READ), "WSAEventSelect(first)");
        Observed.Check(WSAEventSelect(pair.Handle, second.Handle, FD_READ), "WSAEventSelect(second)");
        pair.Peer.Send("x"u8);
        var secondState = second.State(Observed.Expected);
        return $"first={first.State(Observed.Quiet)} second={secondState}";
    }

    public static string LaterRegistrationThroughADuplicate()
    {
        using var pair = Loopback.Connect();
        var copy = Duplicates.Copy(pair.Handle);
        try
        {
            using EventObject first = new(), second = new();
            Observed.Check(WSAEventSelect(pair.Handle, first.Handle, FD_READ), "WSAEventSelect(original)");
            Observed.Check(WSAEventSelect(copy, second.Handle, FD_READ), "WSAEventSelect(copy)");
            pair.Peer.Send("x"u8);
            var secondState = second.State(Observed.Expected);
            return $"first={first.State(Observed.Quiet)} second={secondState}";
        }
        finally
        {
            closesocket(copy);
        }
    }

    public static string AsyncSelectThenEventSelect()
    {
        using var pair = Loopback.Connect();
        using var window = new MessageOnlyWindow();
        using var signal = new EventObject();
        Observed.Check(WSAAsyncSelect(pair.Handle, window.Handle, MessageOnlyWindow.SocketMessage, FD_READ), "WSAAsyncSelect");
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_READ), "WSAEventSelect");
        pair.Peer.Send("x"u8);
        var eventState = signal.State(Observed.Expected);
        return $"messages={window.Collect(MessageOnlyWindow.SocketMessage, TimeSpan.FromMilliseconds(Observed.Quiet)).Count} event={eventState}";
    }

    public static string SameEventWithANewMask()
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_CLOSE), "WSAEventSelect(FD_CLOSE)");
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_READ), "WSAEventSelect(FD_READ)");
        pair.Peer.Send("x"u8);
        var state = signal.State(Observed.Expected);
        return $"event={state} events={Observed.Events(Observed.Enumerate(pair.Handle, signal).Events)}";
    }

    public static string NullZeroClears()
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_READ), "WSAEventSelect");
        var clear = Observed.Result(WSAEventSelect(pair.Handle, 0, 0));
        pair.Peer.Send("x"u8);
        return $"clear={clear} event={signal.State(Observed.Quiet)}";
    }

    public static string AsyncSelectMessage()
    {
        using var pair = Loopback.Connect();
        using var window = new MessageOnlyWindow();
        Observed.Check(WSAAsyncSelect(pair.Handle, window.Handle, MessageOnlyWindow.SocketMessage, FD_READ), "WSAAsyncSelect");
        pair.Peer.Send("x"u8);
        var messages = window.Collect(MessageOnlyWindow.SocketMessage, TimeSpan.FromMilliseconds(Observed.Expected / 2)).Select(posted => posted.LParam).ToList();
        return $"messages={messages.Count} lparams={string.Join(',', messages.Select(l => $"0x{(long)l:X}"))}";
    }
}
