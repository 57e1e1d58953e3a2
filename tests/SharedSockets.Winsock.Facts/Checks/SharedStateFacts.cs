using System.Net.Sockets;
using SharedSockets.Winsock.Facts.Native;
using static SharedSockets.Winsock.Facts.Native.Ws2;

namespace SharedSockets.Winsock.Facts.Checks;

/// <summary>Options and blocking mode belong to the socket, not to one descriptor.</summary>
internal static class SharedStateFacts
{
    public static string OptionSetThroughACopy()
    {
        using var pair = Loopback.Connect();
        var copy = Duplicates.Copy(pair.Handle);
        try
        {
            var before = ReadReceiveBuffer(pair.Handle);
            var wanted = before == 48 * 1024 ? 40 * 1024 : 48 * 1024;
            Observed.Check(setsockopt(copy, SOL_SOCKET, SO_RCVBUF, ref wanted, sizeof(int)), "setsockopt(copy)");
            var throughCopy = ReadReceiveBuffer(copy);
            var throughOriginal = ReadReceiveBuffer(pair.Handle);
            return $"original-reads-copy's-value={throughOriginal == throughCopy} changed={throughOriginal != before}";
        }
        finally
        {
            closesocket(copy);
        }
    }

    public static string RegistrationMakesNonBlocking()
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        // A bound for the case where the socket stays blocking (recv would wait for data otherwise).
        pair.Local.ReceiveTimeout = 1500;
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_READ), "WSAEventSelect");
        return $"recv={Observed.Receive(pair.Handle)}";
    }

    public static string BlockingRefusedWhileRegistered()
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_READ), "WSAEventSelect");
        uint blocking = 0;
        var whileRegistered = Observed.Result(ioctlsocket(pair.Handle, FIONBIO, ref blocking));
        Observed.Check(WSAEventSelect(pair.Handle, 0, 0), "WSAEventSelect(NULL, 0)");
        var afterClear = Observed.Result(ioctlsocket(pair.Handle, FIONBIO, ref blocking));
        return $"while-registered={whileRegistered} after-clear={afterClear}";
    }

    public static string BlockingModeSetThroughACopy()
    {
        using var pair = Loopback.Connect();
        pair.Local.ReceiveTimeout = 1500;
        var copy = Duplicates.Copy(pair.Handle);
        try
        {
            uint nonBlocking = 1;
            Observed.Check(ioctlsocket(copy, FIONBIO, ref nonBlocking), "ioctlsocket(copy, FIONBIO, 1)");
            return $"recv-through-original={Observed.Receive(pair.Handle)}";
        }
        finally
        {
            closesocket(copy);
        }
    }

    public static string ManagedBlockingWhileRegistered()
    {
        using var pair = Loopback.Connect();
        using var signal = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, signal.Handle, FD_READ), "WSAEventSelect");
        var getter = pair.Local.Blocking;
        string setter;
        try
        {
            pair.Local.Blocking = true;
            setter = "accepted";
        }
        catch (SocketException exception)
        {
            setter = exception.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return $"getter={getter} setter={setter}";
    }

    private static int ReadReceiveBuffer(nint socket)
    {
        var length = sizeof(int);
        Observed.Check(getsockopt(socket, SOL_SOCKET, SO_RCVBUF, out var value, ref length), "getsockopt(SO_RCVBUF)");
        return value;
    }
}
