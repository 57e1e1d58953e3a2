using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;

namespace SharedSockets.Engine;

/// <summary>
/// For a handle adopted from native code (through <see cref="Interop.SharedWinsock"/>): the application
/// does its own <c>recv</c>/<c>send</c>/<c>accept</c>, which re-enable events in Winsock but cannot be
/// seen here, so their effects on the socket are observed instead. Only engines of adopted handles
/// have one; every method but the constructor runs under the engine's lock.
/// </summary>
internal sealed class ForeignIoObserver
{
    /// <summary>
    /// How often the observer checks whether a receive, accept or full send buffer has changed the
    /// socket while an event waits to be re-enabled: the stand-in for seeing the calls themselves.
    /// </summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How often FD_WRITE (FD_READ) is reported again while the handle stays writable (keeps the same
    /// amount of data waiting). A native send that meets WSAEWOULDBLOCK cannot be seen, and when the
    /// peer drains fast the buffer may be full for less than one poll: Winsock would then post
    /// FD_WRITE, and an application waiting for it must not wait forever. A repeated FD_WRITE is
    /// harmless (the application just tries to send).
    /// </summary>
    internal static readonly TimeSpan RepeatInterval = TimeSpan.FromMilliseconds(50);

    private readonly Socket _socket;
    private readonly Action _onTick;
    private Timer? _timer;
    private bool _ended;
    private int _reportedAvailable;
    private long _lastReadReport;
    private long _lastWriteReport;

    /// <param name="socket">The wrapper of the adopted handle.</param>
    /// <param name="onTick">Called on the timer's thread every <see cref="PollInterval"/> while observing; it takes the engine's lock and calls <see cref="ObserveLocked"/>.</param>
    public ForeignIoObserver(Socket socket, Action onTick)
    {
        _socket = socket;
        _onTick = onTick;
    }

    /// <summary>Whether the timer runs (a tick may still arrive just after it stopped).</summary>
    public bool IsObserving => _timer is not null;

    /// <summary>Runs the timer while a latched event waits for a call this engine cannot see.</summary>
    public void UpdateLocked(NetworkEvents latched, NetworkEvents interest, bool connected)
    {
        var writeWaits = (latched & interest & NetworkEvents.Write) != 0 && connected;
        var needed = !_ended && ((latched & (NetworkEvents.Read | NetworkEvents.Accept | NetworkEvents.Oob)) != 0 || writeWaits);
        if (needed && _timer is null)
        {
            _lastWriteReport = Stopwatch.GetTimestamp();
            _timer = new Timer(static state => ((Action)state!)(), _onTick, PollInterval, PollInterval);
        }
        else if (!needed && _timer is not null)
        {
            StopTimer();
        }
    }

    /// <summary>Notes what was just reported, to tell later whether the application's calls changed it.</summary>
    public void NoteReportedLocked(NetworkEvents reported)
    {
        if ((reported & NetworkEvents.Read) != 0)
        {
            _reportedAvailable = AvailableOrZero();
            _lastReadReport = Stopwatch.GetTimestamp();
        }

        if ((reported & NetworkEvents.Write) != 0)
        {
            _lastWriteReport = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// Sees the effect of the application's own calls. A changed amount of waiting data means a receive
    /// (FD_READ re-enabled; new data only makes an extra report, which Winsock code tolerates); no
    /// pending connection means an accept; no urgent data means an out-of-band receive; a send buffer
    /// too full to poll writable means a send may have met WSAEWOULDBLOCK (FD_WRITE is then reported
    /// when space frees). Returns the latches to clear and the events to report again.
    /// </summary>
    public (NetworkEvents ReEnabled, NetworkEvents Repeated) ObserveLocked(NetworkEvents latched, NetworkEvents interest)
    {
        var reEnabled = NetworkEvents.None;
        var repeated = NetworkEvents.None;
        try
        {
            if ((latched & NetworkEvents.Read) != 0)
            {
                var available = _socket.Available;
                if (available != _reportedAvailable)
                {
                    reEnabled |= NetworkEvents.Read;
                }
                else if (available > 0 && Stopwatch.GetElapsedTime(_lastReadReport) >= RepeatInterval)
                {
                    // A receive followed by as much new data within one poll looks like no change
                    // (fixed-size messages do that): repeat FD_READ rather than risk a silent stall.
                    repeated |= NetworkEvents.Read;
                }
            }

            if ((latched & NetworkEvents.Accept) != 0 && !_socket.Poll(0, SelectMode.SelectRead))
            {
                reEnabled |= NetworkEvents.Accept;
            }

            if ((latched & NetworkEvents.Oob) != 0 && !_socket.Poll(0, SelectMode.SelectError))
            {
                reEnabled |= NetworkEvents.Oob;
            }

            if ((latched & interest & NetworkEvents.Write) != 0)
            {
                if (!_socket.Poll(0, SelectMode.SelectWrite))
                {
                    reEnabled |= NetworkEvents.Write;
                }
                else if (Stopwatch.GetElapsedTime(_lastWriteReport) >= RepeatInterval)
                {
                    repeated |= NetworkEvents.Write;
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The handle was closed by its owner: nothing more to observe.
            Stop();
            return default;
        }

        return (reEnabled, repeated);
    }

    /// <summary>
    /// The reactor saw the handle readable: a non-blocking one-byte peek tells data from the end of the
    /// stream. Under the engine's lock, so the engine's stop (and the close after it) never overlaps it.
    /// </summary>
    public NetworkEvents PeekLocked(bool isStream, out SocketError error)
    {
        var peeked = 0;
        try
        {
            peeked = _socket.Receive(ReadProbe.PeekBuffer, 0, 1, SocketFlags.Peek, out error);
        }
        catch (ObjectDisposedException)
        {
            error = SocketError.NotSocket;
        }

        return ReadProbe.OutcomeOf(peeked, error, isStream);
    }

    /// <summary>Stops observing for good: the engine stopped, or the handle is gone.</summary>
    public void Stop()
    {
        _ended = true;
        StopTimer();
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
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
