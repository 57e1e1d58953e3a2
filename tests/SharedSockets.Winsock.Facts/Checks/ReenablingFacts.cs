using SharedSockets.Winsock.Facts.Native;
using static SharedSockets.Winsock.Facts.Native.Ws2;

namespace SharedSockets.Winsock.Facts.Checks;

/// <summary>Accepted sockets inherit the listener's registration; which calls re-enable which events.</summary>
internal static class ReenablingFacts
{
    public static string AcceptedSocketInheritsTheRegistration()
    {
        using var listener = Loopback.Listener();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(listener.Handle, signal.Handle, FD_ACCEPT | FD_READ), "WSAEventSelect(listener)");
        using var client = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        if (signal.State(Observed.Expected) != "signalled")
        {
            return "no FD_ACCEPT";
        }

        Observed.Enumerate(listener.Handle, signal);
        var accepted = accept(listener.Handle, 0, 0);
        if (accepted == -1)
        {
            return $"accept failed {WSAGetLastError()}";
        }

        try
        {
            client.Send("x"u8);
            var state = signal.State(Observed.Expected);
            var events = Observed.Events(Observed.Enumerate(accepted, signal).Events);
            uint blocking = 0;
            var fionbio = Observed.Result(ioctlsocket(accepted, FIONBIO, ref blocking));
            return $"accepted-event={state} events={events} fionbio={fionbio}";
        }
        finally
        {
            closesocket(accepted);
        }
    }

    public static string ReadReenabledByRecv()
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_READ), "WSAEventSelect(FD_READ)");
        pair.Peer.Send("ab"u8);
        var first = signal.State(Observed.Expected);
        Observed.Enumerate(pair.Handle, signal);
        pair.Peer.Send("c"u8);
        var beforeRecv = signal.State(Observed.Quiet);
        var received = Observed.Receive(pair.Handle);
        var afterPartialRecv = signal.State(Observed.Expected);
        return $"first={first} more-data-before-recv={beforeRecv} recv={received} after-recv-with-data-left={afterPartialRecv}";
    }

    public static string WriteAtRegistrationOnly()
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_WRITE), "WSAEventSelect(FD_WRITE)");
        var atRegistration = signal.State(Observed.Expected);
        Observed.Enumerate(pair.Handle, signal);
        var sent = send(pair.Handle, "x"u8.ToArray(), 1, 0);
        return $"at-registration={atRegistration} send={sent} after-send={signal.State(Observed.Quiet)}";
    }

    public static string CloseNotReenabled()
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_CLOSE), "WSAEventSelect(FD_CLOSE)");
        pair.Peer.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var first = signal.State(Observed.Expected);
        Observed.Enumerate(pair.Handle, signal);
        var firstRecv = Observed.Receive(pair.Handle);
        var secondRecv = Observed.Receive(pair.Handle);
        return $"first={first} recv={firstRecv},{secondRecv} after-recv={signal.State(Observed.Quiet)}";
    }
}
