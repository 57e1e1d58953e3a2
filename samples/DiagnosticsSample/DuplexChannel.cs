using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DiagnosticsSample;

/// <summary>
/// One connected socket served by two roles, a reader and a writer, each waiting on its own event
/// object. It reads naturally and it is wrong: a socket has ONE event registration, whichever
/// descriptor or role made it, so the writer's <c>WSAEventSelect</c> silently cancels the reader's.
/// The reader then never wakes up for incoming data or for the peer closing the connection.
/// </summary>
internal sealed class DuplexChannel : IDisposable
{
    private readonly nint _socket;
    private readonly nint _readEvent;
    private readonly nint _writeEvent;

    public DuplexChannel(nint socket)
    {
        _socket = socket;
        _readEvent = Winsock.WSACreateEvent();
        _writeEvent = Winsock.WSACreateEvent();
    }

    /// <summary>Reader role: to be woken when data arrives or the peer closes.</summary>
    public void StartReader()
    {
        Check(Winsock.WSAEventSelect(_socket, _readEvent, Winsock.FD_READ | Winsock.FD_CLOSE));
    }

    /// <summary>Writer role: to be woken when the send buffer has room again.</summary>
    public void StartWriter()
    {
        // Meant to ADD FD_WRITE for the writer; it REPLACES the reader's FD_READ | FD_CLOSE registration.
        Check(Winsock.WSAEventSelect(_socket, _writeEvent, Winsock.FD_WRITE)); // SOCK001 expected here
    }

    /// <summary>Waits for the reader's event; returns false on timeout.</summary>
    public bool WaitForData(TimeSpan timeout)
    {
        var result = Winsock.WSAWaitForMultipleEvents(1, [_readEvent], false, (uint)timeout.TotalMilliseconds, false);
        if (result == Winsock.WSA_WAIT_FAILED)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }

        return result != Winsock.WSA_WAIT_TIMEOUT;
    }

    public void Dispose()
    {
        Winsock.WSACloseEvent(_readEvent);
        Winsock.WSACloseEvent(_writeEvent);
    }

    private static void Check(int result)
    {
        if (result == Winsock.SOCKET_ERROR)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }
    }
}
