using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SharedSockets.Engine;

/// <summary>
/// The one readiness registration of one socket, fanned out to any number of subscriptions. Shared
/// by <see cref="SharedSocket"/> and <see cref="Interop.SharedWinsock"/>.
/// </summary>
/// <remarks>
/// Winsock's re-enabling rules are kept: after FD_READ is reported, it is reported again only after a
/// receive (then at once if data remains: level-triggered); FD_WRITE is reported when the socket
/// becomes writable (connected) and again only after a send met a full buffer; FD_ACCEPT is
/// re-enabled by an accept, FD_OOB by an out-of-band receive; FD_CLOSE is reported once.
/// </remarks>
internal sealed partial class SocketEventEngine
{
    // Peeks only: the byte is never read, so every engine can share it.
    private static readonly byte[] s_probeBuffer = new byte[1];

    private readonly Socket _socket;
    private readonly ReadinessReactor _reactor;
    private readonly bool _isStream;
    private readonly bool _observesForeignIo;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Subscription[] _subscriptions = Array.Empty<Subscription>();
    private NetworkEvents _interest;
    private ConnectionState _state;
    private bool _readable;
    private bool _writable;
    private bool _acceptable;
    private bool _urgent;
    private bool _closed;
    private bool _stopped;
    private bool _probePending;
    private SocketError _closeError;
    private ReadinessReactor.Watch? _writeWatch;
    private ReadinessReactor.Watch? _acceptWatch;
    private ReadinessReactor.Watch? _urgentWatch;
    private ReadinessReactor.Watch? _readWatch;
    private Task _probe = Task.CompletedTask;
    private Timer? _foreignIoTimer;
    private int _reportedAvailable;
    private long _lastWriteReport;
    private long _lastReadReport;

    /// <summary>Makes the engine of one socket.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="reactor">Waits for the conditions .NET has no asynchronous operation for.</param>
    /// <param name="observesForeignIo">
    /// True when the application does its I/O without this library (native <c>recv</c>/<c>send</c>/<c>accept</c>
    /// on a handle registered through <see cref="Interop.SharedWinsock"/>): the re-enabling calls are then
    /// not seen, so their effects are observed instead (see <see cref="ForeignIoPollInterval"/>).
    /// </param>
    public SocketEventEngine(Socket socket, ReadinessReactor reactor, bool observesForeignIo = false)
    {
        _socket = socket;
        _reactor = reactor;
        _observesForeignIo = observesForeignIo;
        _isStream = socket.SocketType == SocketType.Stream;
        _state = IsListening(socket) ? ConnectionState.Listening
            : socket.Connected || !_isStream ? ConnectionState.Connected
            : ConnectionState.Unconnected;

        // Winsock records FD_WRITE as soon as a socket is connected (and for datagram sockets at once).
        _writable = _state == ConnectionState.Connected;
    }

    private enum ConnectionState
    {
        Unconnected,
        Listening,
        Connected,
    }

    /// <summary>Whether the connection was closed (by the peer, a reset, or a local receive shutdown).</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Why the connection closed: <see cref="SocketError.Success"/> for a graceful close by the peer.</summary>
    public SocketError CloseError
    {
        get
        {
            lock (_gate)
            {
                return _closeError;
            }
        }
    }

    /// <summary>Whether the engine was stopped (its socket closed or its last interop target removed).</summary>
    public bool IsStopped => Volatile.Read(ref _stopped);

    /// <summary>How many subscriptions are active.</summary>
    public int SubscriptionCount => Volatile.Read(ref _subscriptions).Length;

    /// <summary>Adds a subscription; conditions that already hold for its mask are recorded at once. Null when stopped.</summary>
    public Subscription? Add(NetworkEvents events, EventSink sink, object? owner)
    {
        var subscription = new Subscription(this, events, sink, owner);
        NetworkEvents present;
        bool startProbe;
        lock (_gate)
        {
            if (_stopped)
            {
                return null;
            }

            var subscriptions = new Subscription[_subscriptions.Length + 1];
            _subscriptions.CopyTo(subscriptions, 0);
            subscriptions[^1] = subscription;
            Volatile.Write(ref _subscriptions, subscriptions);
            _interest |= events;
            present = PresentConditionsLocked() & events;
            startProbe = ArmLocked();
        }

        StartProbeIf(startProbe);
        Deliver(subscription, present);
        return subscription;
    }

    /// <summary>Changes a subscription's mask; false when it has ended.</summary>
    public bool ChangeEvents(Subscription subscription, NetworkEvents events)
    {
        NetworkEvents present;
        bool startProbe;
        lock (_gate)
        {
            if (!subscription.IsActive || _stopped)
            {
                return false;
            }

            var added = events & ~subscription.Events;
            subscription.SetEvents(events);
            _interest = InterestOf(_subscriptions);
            present = PresentConditionsLocked() & added;
            startProbe = ArmLocked();
        }

        StartProbeIf(startProbe);
        Deliver(subscription, present);
        return true;
    }

    /// <summary>Ends one subscription; the others are untouched.</summary>
    public void Remove(Subscription subscription, DetachReason reason)
    {
        lock (_gate)
        {
            if (!subscription.TryDetach())
            {
                return;
            }

            var index = Array.IndexOf(_subscriptions, subscription);
            if (index >= 0)
            {
                var subscriptions = new Subscription[_subscriptions.Length - 1];
                Array.Copy(_subscriptions, 0, subscriptions, 0, index);
                Array.Copy(_subscriptions, index + 1, subscriptions, index, subscriptions.Length - index);
                Volatile.Write(ref _subscriptions, subscriptions);
                _interest = InterestOf(subscriptions);
            }
        }

        subscription.Sink.OnDetached(subscription, reason);
    }

    /// <summary>Ends every subscription made by <paramref name="owner"/> (a disposed descriptor).</summary>
    public void RemoveOwnedBy(object owner, DetachReason reason)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (ReferenceEquals(subscription.Owner, owner))
            {
                Remove(subscription, reason);
            }
        }
    }

    /// <summary>
    /// A receive through any descriptor completed: it re-enables FD_READ (or FD_OOB), or it saw the
    /// end of the stream. Returns the error the receive must report instead of 0: a connection reset
    /// stays an error for every later receive (as in Winsock), although Unix reports it only once,
    /// possibly to this engine's own probe.
    /// </summary>
    public SocketError OnReceived(int received, int requested, SocketFlags flags)
    {
        if (received == 0 && requested > 0 && _isStream && (flags & SocketFlags.OutOfBand) == 0)
        {
            MarkClosed(SocketError.Success);
            var error = CloseError;
            return error is SocketError.Success or SocketError.Shutdown ? SocketError.Success : error;
        }

        bool startProbe;
        lock (_gate)
        {
            if ((flags & SocketFlags.OutOfBand) != 0)
            {
                _urgent = false;
            }
            else
            {
                _readable = false;
            }

            startProbe = ArmLocked();
        }

        StartProbeSoon(startProbe);
        return SocketError.Success;
    }

    /// <summary>A non-blocking receive found no data: FD_READ is re-enabled, as by any <c>recv</c>.</summary>
    public void OnReceiveWouldBlock() => OnReceived(-1, 0, SocketFlags.None);

    /// <summary>A send met a full buffer: FD_WRITE will be reported when space is available again.</summary>
    public void OnSendWouldBlock()
    {
        lock (_gate)
        {
            _writable = false;
            ArmLocked();
        }
    }

    /// <summary>An accept through any descriptor re-enables FD_ACCEPT.</summary>
    public void OnAccepted()
    {
        lock (_gate)
        {
            _acceptable = false;
            ArmLocked();
        }
    }

    /// <summary>A connect completed: FD_CONNECT, and FD_WRITE if it succeeded.</summary>
    public void OnConnected(bool succeeded)
    {
        Subscription[] subscriptions;
        bool startProbe;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            if (succeeded)
            {
                _state = ConnectionState.Connected;
                _writable = true;
            }

            subscriptions = _subscriptions;
            startProbe = ArmLocked();
        }

        StartProbeIf(startProbe);
        Publish(succeeded ? NetworkEvents.Connect | NetworkEvents.Write : NetworkEvents.Connect, subscriptions);
    }

    /// <summary>The socket was listening when the engine was made or became so later.</summary>
    public void OnListening()
    {
        lock (_gate)
        {
            _state = ConnectionState.Listening;
            _writable = false;
            ArmLocked();
        }
    }

    /// <summary>A send or receive failed; a lost connection is reported as FD_CLOSE (once).</summary>
    public void OnFailed(SocketError error)
    {
        if (_isStream && IsConnectionLost(error))
        {
            MarkClosed(error);
        }
    }

    /// <summary>Records the end of the connection and reports FD_CLOSE, once.</summary>
    public void MarkClosed(SocketError error)
    {
        Subscription[] subscriptions;
        lock (_gate)
        {
            if (_closed || _stopped)
            {
                return;
            }

            _closed = true;
            _closeError = error;
            subscriptions = _subscriptions;
        }

        Publish(NetworkEvents.Close, subscriptions);
    }

    /// <summary>
    /// Stops for good before the socket is closed: ends every subscription and cancels the readiness
    /// operations, so that closing the socket finds nothing pending (which would turn FIN into RST).
    /// </summary>
    public void Stop()
    {
        Subscription[] subscriptions;
        ReadinessReactor.Watch?[] watches;
        Task probe;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            Volatile.Write(ref _stopped, true);
            _foreignIoTimer?.Dispose();
            _foreignIoTimer = null;
            subscriptions = _subscriptions;
            watches = new[] { _writeWatch, _acceptWatch, _urgentWatch, _readWatch };
            _writeWatch = _acceptWatch = _urgentWatch = _readWatch = null;
            probe = _probe;
        }

        _stopping.Cancel();
        foreach (var watch in watches)
        {
            if (watch is not null)
            {
                _reactor.Remove(watch);
            }
        }

        // Cancellation takes a pending receive out of the socket's queue at once on Unix; on Windows
        // it is CancelIoEx, whose completion is awaited here (bounded) for the same reason.
        if (OperatingSystem.IsWindows() && !probe.IsCompleted)
        {
            probe.Wait(TimeSpan.FromSeconds(2));
        }

        foreach (var subscription in subscriptions)
        {
            Remove(subscription, DetachReason.SocketClosed);
        }
    }

    private static bool IsListening(Socket socket)
    {
        try
        {
            return socket.SocketType == SocketType.Stream
                && socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection) is int listening
                && listening != 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsConnectionLost(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.NetworkReset
            or SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            or SocketError.NotConnected or SocketError.Shutdown;

    private static NetworkEvents InterestOf(Subscription[] subscriptions)
    {
        var interest = NetworkEvents.None;
        foreach (var subscription in subscriptions)
        {
            interest |= subscription.Events;
        }

        return interest;
    }

    private static void Deliver(Subscription subscription, NetworkEvents events)
    {
        if (events == NetworkEvents.None)
        {
            return;
        }

        try
        {
            subscription.Record(events);
        }
        catch (Exception exception)
        {
            // A sink failing (a native handle closed under it) ends its own subscription only.
            subscription.FailWith(exception);
        }
    }

    private static void Publish(NetworkEvents events, Subscription[] subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            Deliver(subscription, events);
        }
    }

    /// <summary>What a new subscriber would have been told already (Winsock records these at registration).</summary>
    private NetworkEvents PresentConditionsLocked()
    {
        var present = NetworkEvents.None;
        if (_readable)
        {
            present |= NetworkEvents.Read;
        }

        if (_writable)
        {
            present |= NetworkEvents.Write;
        }

        if (_acceptable)
        {
            present |= NetworkEvents.Accept;
        }

        if (_urgent)
        {
            present |= NetworkEvents.Oob;
        }

        if (_closed)
        {
            present |= NetworkEvents.Close;
        }

        return present;
    }

    /// <summary>Starts the waits the current interest needs; true when the read probe must be started (outside the lock).</summary>
    private bool ArmLocked()
    {
        if (_stopped)
        {
            return false;
        }

        var connected = _state == ConnectionState.Connected && !_closed;
        if ((_interest & NetworkEvents.Write) != 0 && !_writable && connected && _writeWatch is null)
        {
            _writeWatch = _reactor.Add(_socket, SelectMode.SelectWrite, OnWritable);
        }

        if ((_interest & NetworkEvents.Accept) != 0 && !_acceptable && _state == ConnectionState.Listening && _acceptWatch is null)
        {
            _acceptWatch = _reactor.Add(_socket, SelectMode.SelectRead, OnAcceptable);
        }

        if ((_interest & NetworkEvents.Oob) != 0 && !_urgent && connected && _isStream && _urgentWatch is null)
        {
            _urgentWatch = _reactor.Add(_socket, SelectMode.SelectError, OnUrgent);
        }

        UpdateForeignIoObserverLocked();

        // The read probe also finds the end of the stream, so FD_CLOSE needs it as well.
        if ((_interest & (NetworkEvents.Read | NetworkEvents.Close)) != 0 && !_readable && connected && !_probePending)
        {
            _probePending = true;
            if (_observesForeignIo)
            {
                // A handle adopted from native code gets no asynchronous .NET operation: those would
                // register the descriptor with the runtime's epoll for good, and the next wrapper of
                // the same handle would fail (EEXIST). The reactor's poll has no such lasting effect.
                _readWatch = _reactor.Add(_socket, SelectMode.SelectRead, OnForeignReadable);
                return false;
            }

            return true;
        }

        return false;
    }
}
