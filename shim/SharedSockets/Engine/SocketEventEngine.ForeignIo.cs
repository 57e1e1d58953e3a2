using System;
using System.Net.Sockets;
using System.Threading;

namespace SharedSockets.Engine;

/// <summary>
/// For handles adopted from native code: the application's own <c>recv</c>/<c>send</c>/<c>accept</c>
/// calls cannot be seen, so their effects on the socket are observed instead.
/// </summary>
internal sealed partial class SocketEventEngine
{
    /// <summary>
    /// How often an engine whose I/O happens elsewhere checks whether a receive, accept or full send
    /// buffer has changed the socket: the stand-in for seeing the calls that re-enable events.
    /// </summary>
    internal static readonly TimeSpan ForeignIoPollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How often FD_WRITE (FD_READ) is reported again to an adopted handle that stays writable (keeps
    /// the same amount of data waiting). A native send
    /// that meets WSAEWOULDBLOCK cannot be seen, and when the peer drains fast the buffer may be full
    /// for less than one poll: Winsock would then post FD_WRITE, and an application waiting for it
    /// must not wait forever. A repeated FD_WRITE is harmless (the application just tries to send).
    /// </summary>
    internal static readonly TimeSpan ForeignEventRefresh = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs the foreign I/O observer while a latch waits for a call this engine cannot see.</summary>
    private void UpdateForeignIoObserverLocked()
    {
        if (!_observesForeignIo || _stopped)
        {
            return;
        }

        var watchesWrite = _writable && (_interest & NetworkEvents.Write) != 0 && _state == ConnectionState.Connected && !_closed;
        var needed = _readable || _acceptable || _urgent || watchesWrite;
        if (needed && _foreignIoTimer is null)
        {
            _lastWriteReport = System.Diagnostics.Stopwatch.GetTimestamp();
            _foreignIoTimer = new Timer(static state => ((SocketEventEngine)state!).ObserveForeignIo(), this, ForeignIoPollInterval, ForeignIoPollInterval);
        }
        else if (!needed && _foreignIoTimer is not null)
        {
            _foreignIoTimer.Dispose();
            _foreignIoTimer = null;
        }
    }

    /// <summary>
    /// Sees the effect of the application's own calls: a changed amount of waiting data means a
    /// receive (FD_READ re-enabled; new data only makes an extra report, which Winsock code tolerates),
    /// no pending connection means an accept, and a send buffer too full to poll writable means a send
    /// may have met WSAEWOULDBLOCK (FD_WRITE is then reported when space frees).
    /// </summary>
    private void ObserveForeignIo()
    {
        bool startProbe;
        var refreshWrite = false;
        var refreshRead = false;
        Subscription[] subscriptions;
        lock (_gate)
        {
            // Under the lock, so Stop (and the close that follows it) never overlaps a poll here.
            if (_stopped || _foreignIoTimer is null)
            {
                return;
            }

            subscriptions = _subscriptions;

            try
            {
                if (_readable)
                {
                    var available = _socket.Available;
                    if (available != _reportedAvailable)
                    {
                        _readable = false;
                    }
                    else if (available > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(_lastReadReport) >= ForeignEventRefresh)
                    {
                        // A receive followed by as much new data within one poll looks like no change
                        // (fixed-size messages do that): repeat FD_READ rather than risk a silent stall.
                        refreshRead = true;
                        _lastReadReport = System.Diagnostics.Stopwatch.GetTimestamp();
                    }
                }

                if (_acceptable && !_socket.Poll(0, SelectMode.SelectRead))
                {
                    _acceptable = false;
                }

                if (_urgent && !_socket.Poll(0, SelectMode.SelectError))
                {
                    _urgent = false;
                }

                if (_writable && (_interest & NetworkEvents.Write) != 0)
                {
                    if (!_socket.Poll(0, SelectMode.SelectWrite))
                    {
                        _writable = false;
                    }
                    else if (System.Diagnostics.Stopwatch.GetElapsedTime(_lastWriteReport) >= ForeignEventRefresh)
                    {
                        refreshWrite = true;
                        _lastWriteReport = System.Diagnostics.Stopwatch.GetTimestamp();
                    }
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // The handle was closed by its owner: nothing more to observe.
                _foreignIoTimer.Dispose();
                _foreignIoTimer = null;
                return;
            }

            startProbe = ArmLocked();
        }

        StartProbeIf(startProbe);
        var refreshed = (refreshRead ? NetworkEvents.Read : NetworkEvents.None) | (refreshWrite ? NetworkEvents.Write : NetworkEvents.None);
        if (refreshed != NetworkEvents.None)
        {
            Publish(refreshed, subscriptions);
        }
    }

    private int AvailableOrZero()
    {
        try
        {
            return _socket.Available;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return 0;
        }
    }
}
