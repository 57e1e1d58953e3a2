using System;
using System.Net.Sockets;
using System.Threading;

namespace SharedSockets.Engine;

/// <summary>
/// The one readiness registration of one socket, fanned out to any number of subscriptions. Shared
/// by <see cref="SharedSocket"/> and <see cref="Interop.SharedWinsock"/>.
/// </summary>
/// <remarks>
/// <para>Winsock's re-enabling rules are kept: after FD_READ is reported, it is reported again only
/// after a receive (then at once if data remains: level-triggered); FD_WRITE is reported when the socket
/// becomes writable (connected) and again only after a send met a full buffer; FD_ACCEPT is re-enabled
/// by an accept, FD_OOB by an out-of-band receive; FD_CLOSE is reported once.</para>
/// <para><b>State</b>: three typed fields, guarded by the lock.</para>
/// <list type="bullet">
/// <item><c>_state</c>: the socket's life, a <see cref="SocketState"/>.</item>
/// <item><c>_latched</c>: the conditions reported and not re-enabled since (Read, Write, Accept, Oob,
/// Close). A latched condition is not waited for, and a new subscriber is told it at once; the call
/// that re-enables it in Winsock (a receive, a send that met a full buffer, an accept) clears it.</item>
/// <item><c>_watching</c>: the waits in flight. Read is the <see cref="ReadProbe"/> (it finds Close
/// too) or, for an adopted handle, a reactor watch; Write, Accept and Oob are reactor watches.</item>
/// </list>
/// <para><b>Transitions</b>: every change of state is made inside a <see cref="Transition"/>, which holds
/// the lock and ends in <see cref="Settle"/>, the one dispatch path. Settling arms what the new state
/// needs (a condition that subscribers want, that is not latched and has no wait in flight, gets one),
/// leaves the lock, starts the read probe if arming asked for it, and publishes what occurred. The
/// event sources (the read probe on the thread pool, the reactor's poll thread, the foreign-I/O timer)
/// report through transitions like every user call, each naming its <see cref="DispatchThread"/>,
/// which decides what may run on it. Only <see cref="Stop"/>, which ends the machine, and a probe that
/// ended without news do not settle.</para>
/// </remarks>
internal sealed class SocketEventEngine
{
    private readonly bool _isStream;
    private readonly ReadinessReactor _reactor;
    private readonly ReadinessReactor.Watch _watch;
    private readonly ReadProbe? _probe;
    private readonly ForeignIoObserver? _foreignIo;
    private readonly object _gate = new();
    private Subscription[] _subscriptions = Array.Empty<Subscription>();
    private NetworkEvents _interest;
    private volatile SocketState _state;
    private NetworkEvents _latched;
    private NetworkEvents _watching;
    private SocketError _closeError;
    private bool _localReceiveShutdown;

    // What the current transition publishes when it settles: to every subscription, or to one only.
    private NetworkEvents _outbox;
    private Subscription? _outboxOnlyTo;

    /// <summary>Makes the engine of one socket.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="reactor">Waits for the conditions .NET has no asynchronous operation for.</param>
    /// <param name="observesForeignIo">
    /// True when the application does its I/O without this library (native <c>recv</c>/<c>send</c>/<c>accept</c>
    /// on a handle registered through <see cref="Interop.SharedWinsock"/>): the re-enabling calls are then
    /// not seen, so a <see cref="ForeignIoObserver"/> observes their effects instead.
    /// </param>
    public SocketEventEngine(Socket socket, ReadinessReactor reactor, bool observesForeignIo = false)
    {
        _reactor = reactor;
        _isStream = socket.SocketType == SocketType.Stream;
        _watch = new ReadinessReactor.Watch(socket, OnReady);
        if (observesForeignIo)
        {
            // A handle adopted from native code gets no asynchronous .NET operation: those would
            // register the descriptor with the runtime's epoll for good, and the next wrapper of the
            // same handle would fail (EEXIST). The reactor's poll has no such lasting effect.
            _foreignIo = new ForeignIoObserver(socket, OnForeignIoTick);
        }
        else
        {
            _probe = new ReadProbe(this, socket, _isStream);
        }

        _state = IsListening(socket) ? SocketState.Listening
            : socket.Connected || !_isStream ? SocketState.Connected
            : SocketState.Unconnected;

        // Winsock records FD_WRITE as soon as a socket is connected (and for datagram sockets at once).
        _latched = _state == SocketState.Connected ? NetworkEvents.Write : NetworkEvents.None;
    }

    /// <summary>A socket's life as the engine sees it. FD_CLOSE is a latched condition, not a state: a listening socket can be shut down too.</summary>
    private enum SocketState
    {
        /// <summary>A stream socket not yet connected: nothing to wait for until <see cref="OnConnected"/> (then <see cref="Connected"/>).</summary>
        Unconnected,

        /// <summary>Listening: FD_ACCEPT is waited for.</summary>
        Listening,

        /// <summary>Connected, or a datagram socket: FD_READ, FD_WRITE, FD_OOB and FD_CLOSE are waited for until FD_CLOSE.</summary>
        Connected,

        /// <summary>Stopped for good (<see cref="Stop"/>): nothing is armed or published any more.</summary>
        Stopped,
    }

    /// <summary>Whether the connection was closed (by the peer, a reset, or a local receive shutdown).</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return (_latched & NetworkEvents.Close) != 0;
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

    /// <summary>How many subscriptions are active.</summary>
    public int SubscriptionCount => Volatile.Read(ref _subscriptions).Length;

    /// <summary>Whether <see cref="Stop"/> ran.</summary>
    internal bool IsStopped => _state == SocketState.Stopped;

    /// <summary>Adds a subscription; conditions that already hold for its mask are recorded at once. Null when stopped.</summary>
    public Subscription? Add(NetworkEvents events, EventSink sink, object? owner)
    {
        var subscription = new Subscription(this, events, sink, owner);
        using (Begin(DispatchThread.Caller))
        {
            if (_state == SocketState.Stopped)
            {
                return null;
            }

            var subscriptions = new Subscription[_subscriptions.Length + 1];
            _subscriptions.CopyTo(subscriptions, 0);
            subscriptions[^1] = subscription;
            SetSubscriptionsLocked(subscriptions);
            TellPresentLocked(subscription, events);
        }

        return subscription;
    }

    /// <summary>Changes a subscription's mask; false when it has ended.</summary>
    public bool ChangeEvents(Subscription subscription, NetworkEvents events)
    {
        using (Begin(DispatchThread.Caller))
        {
            if (!subscription.IsActive || _state == SocketState.Stopped)
            {
                return false;
            }

            var added = events & ~subscription.Events;
            subscription.SetEvents(events);
            SetSubscriptionsLocked(_subscriptions);
            TellPresentLocked(subscription, added);
        }

        return true;
    }

    /// <summary>Ends one subscription; the others are untouched.</summary>
    public void Remove(Subscription subscription, DetachReason reason)
    {
        using (Begin(DispatchThread.Borrowed))
        {
            if (!subscription.TryDetach())
            {
                return;
            }

            var index = Array.IndexOf(_subscriptions, subscription);
            if (index >= 0)
            {
                var subscriptions = _subscriptions.Length == 1 ? Array.Empty<Subscription>() : new Subscription[_subscriptions.Length - 1];
                Array.Copy(_subscriptions, 0, subscriptions, 0, index);
                Array.Copy(_subscriptions, index + 1, subscriptions, index, subscriptions.Length - index);
                SetSubscriptionsLocked(subscriptions);
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
        var outOfBand = (flags & SocketFlags.OutOfBand) != 0;
        using (Begin(DispatchThread.Borrowed))
        {
            if (received == 0 && requested > 0 && _isStream && !outOfBand)
            {
                ReportLocked(NetworkEvents.Close, SocketError.Success);
                return _closeError is SocketError.Success or SocketError.Shutdown ? SocketError.Success : _closeError;
            }

            _latched &= outOfBand ? ~NetworkEvents.Oob : ~NetworkEvents.Read;
        }

        return SocketError.Success;
    }

    /// <summary>A non-blocking receive found no data: FD_READ is re-enabled, as by any <c>recv</c>.</summary>
    public void OnReceiveWouldBlock() => OnReceived(-1, 0, SocketFlags.None);

    /// <summary>A send met a full buffer: FD_WRITE will be reported when space is available again.</summary>
    public void OnSendWouldBlock()
    {
        using (Begin(DispatchThread.Borrowed))
        {
            _latched &= ~NetworkEvents.Write;
        }
    }

    /// <summary>An accept through any descriptor re-enables FD_ACCEPT.</summary>
    public void OnAccepted()
    {
        using (Begin(DispatchThread.Borrowed))
        {
            _latched &= ~NetworkEvents.Accept;
        }
    }

    /// <summary>A connect completed: FD_CONNECT, and FD_WRITE if it succeeded.</summary>
    public void OnConnected(bool succeeded)
    {
        using (Begin(DispatchThread.Caller))
        {
            if (_state == SocketState.Stopped)
            {
                return;
            }

            if (succeeded)
            {
                _state = SocketState.Connected;
            }

            ReportLocked(succeeded ? NetworkEvents.Connect | NetworkEvents.Write : NetworkEvents.Connect);
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

    /// <summary>Whether a local shutdown of the receive side is under way (or done): an end of stream seen then is reported as <see cref="SocketError.Shutdown"/>.</summary>
    public void NoteLocalReceiveShutdown(bool underWay)
    {
        lock (_gate)
        {
            _localReceiveShutdown = underWay;
        }
    }

    /// <summary>Records the end of the connection and reports FD_CLOSE, once.</summary>
    public void MarkClosed(SocketError error)
    {
        using (Begin(DispatchThread.Borrowed))
        {
            ReportLocked(NetworkEvents.Close, error);
        }
    }

    /// <summary>
    /// Stops for good before the socket is closed: ends every subscription and cancels the readiness
    /// waits, so that closing the socket finds nothing pending (which would turn FIN into RST).
    /// </summary>
    public void Stop()
    {
        Subscription[] subscriptions;
        lock (_gate)
        {
            if (_state == SocketState.Stopped)
            {
                return;
            }

            _state = SocketState.Stopped;
            _foreignIo?.Stop();
            subscriptions = _subscriptions;
        }

        _probe?.Cancel();
        _reactor.Remove(_watch);

        // Cancellation takes a pending receive out of the socket's queue at once on Unix; on Windows
        // it is CancelIoEx, whose completion is awaited here (bounded) for the same reason.
        if (OperatingSystem.IsWindows())
        {
            WaitForProbeToEnd(TimeSpan.FromSeconds(2));
        }

        foreach (var subscription in subscriptions)
        {
            Remove(subscription, DetachReason.SocketClosed);
        }
    }

    /// <summary>The read probe's outcome: Read (data is waiting), Close (with its error), or None (it ended without news).</summary>
    internal void OnProbeCompleted(NetworkEvents outcome, SocketError closeError, DispatchThread thread)
    {
        if (outcome == NetworkEvents.None)
        {
            // Cancelled by Stop, or aborted. Not re-armed here: a socket that fails every peek at once
            // would spin. The next transition re-arms it.
            lock (_gate)
            {
                _watching &= ~NetworkEvents.Read;
                Monitor.PulseAll(_gate);
            }

            return;
        }

        using (Begin(thread))
        {
            _watching &= ~NetworkEvents.Read;
            ReportLocked(outcome, closeError);
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

    private static void Deliver(Subscription subscription, NetworkEvents events, DispatchThread thread)
    {
        try
        {
            subscription.Record(events, thread);
        }
        catch (Exception exception)
        {
            // A sink failing (a native handle closed under it) ends its own subscription only.
            subscription.FailWith(exception);
        }
    }

    /// <summary>The reactor's answer, on its thread: Write, Accept or Oob became true, or an adopted handle became readable.</summary>
    private void OnReady(NetworkEvents ready)
    {
        using (Begin(DispatchThread.Borrowed))
        {
            _watching &= ~ready;
            if (_state == SocketState.Stopped)
            {
                return;
            }

            if ((ready & NetworkEvents.Read) != 0)
            {
                // Readable but nothing to peek (someone received first) reports nothing: settling
                // then waits again.
                ready &= ~NetworkEvents.Read;
                var outcome = _foreignIo!.PeekLocked(_isStream, out var error);
                ReportLocked(outcome, error);
            }

            ReportLocked(ready);
        }
    }

    /// <summary>The foreign-I/O timer's tick: clears the latches the application's own calls re-enabled, and repeats what it might wait for.</summary>
    private void OnForeignIoTick()
    {
        using (Begin(DispatchThread.Borrowed))
        {
            // A tick may arrive just after the observer stopped.
            if (_state == SocketState.Stopped || !_foreignIo!.IsObserving)
            {
                return;
            }

            var (reEnabled, repeated) = _foreignIo.ObserveLocked(_latched, _interest);
            _latched &= ~reEnabled;
            ReportLocked(repeated);
        }
    }

    private void WaitForProbeToEnd(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_probe is not null && (_watching & NetworkEvents.Read) != 0)
            {
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0 || !Monitor.Wait(_gate, (int)remaining))
                {
                    return;
                }
            }
        }
    }

    private void SetSubscriptionsLocked(Subscription[] subscriptions)
    {
        var interest = NetworkEvents.None;
        foreach (var subscription in subscriptions)
        {
            interest |= subscription.Events;
        }

        _interest = interest;
        Volatile.Write(ref _subscriptions, subscriptions);
    }

    /// <summary>
    /// Conditions that became true (and FD_CONNECT, which is an occurrence only): latched until a call
    /// re-enables them, and published to every subscription when the transition settles. FD_CLOSE is
    /// recorded once, with its error.
    /// </summary>
    private void ReportLocked(NetworkEvents events, SocketError closeError = SocketError.Success)
    {
        if ((events & NetworkEvents.Close) != 0)
        {
            if ((_latched & NetworkEvents.Close) != 0)
            {
                events &= ~NetworkEvents.Close;
            }
            else
            {
                // After a local shutdown of the receive side the reader may see the end of the stream
                // before the shutdown itself is reported: that end is the shutdown, not the peer's close.
                _closeError = closeError == SocketError.Success && _localReceiveShutdown ? SocketError.Shutdown : closeError;
            }
        }

        _latched |= events & ~NetworkEvents.Connect;
        _outbox |= events;
        _foreignIo?.NoteReportedLocked(events);
    }

    /// <summary>What a new (or widened) subscription would have been told already: Winsock records the conditions that hold at registration.</summary>
    private void TellPresentLocked(Subscription subscription, NetworkEvents events)
    {
        _outbox = _latched & events;
        _outboxOnlyTo = subscription;
    }

    /// <summary>
    /// Gives every condition that subscribers want, that is not latched and has no wait in flight, its
    /// wait. Returns true when the read probe must start, outside the lock: only <see cref="Settle"/>
    /// calls this, and it starts the probe, so no caller can drop that result.
    /// </summary>
    private bool ArmLocked()
    {
        var connected = _state == SocketState.Connected && (_latched & NetworkEvents.Close) == 0;
        var needed = NetworkEvents.None;
        if (connected)
        {
            // The read probe also finds the end of the stream, so FD_CLOSE needs it as well.
            needed |= (_interest & (NetworkEvents.Read | NetworkEvents.Close)) != 0 ? NetworkEvents.Read : NetworkEvents.None;
            needed |= _interest & NetworkEvents.Write;
            needed |= _isStream ? _interest & NetworkEvents.Oob : NetworkEvents.None;
        }
        else if (_state == SocketState.Listening)
        {
            needed |= _interest & NetworkEvents.Accept;
        }

        _foreignIo?.UpdateLocked(_latched, _interest, connected);
        needed &= ~(_latched | _watching);
        if (needed == NetworkEvents.None)
        {
            return false;
        }

        _watching |= needed;
        var startProbe = _probe is not null && (needed & NetworkEvents.Read) != 0;
        var reactorEvents = startProbe ? needed & ~NetworkEvents.Read : needed;
        if (reactorEvents != NetworkEvents.None)
        {
            _reactor.Add(_watch, reactorEvents);
        }

        return startProbe;
    }

    private Transition Begin(DispatchThread thread) => new(this, thread);

    /// <summary>
    /// The end of every transition, and the one dispatch path of the engine: arms what the new state
    /// needs, leaves the lock, then starts the read probe and publishes what occurred. Publishing comes
    /// after the lock so that sinks may call back (an awaiter unsubscribes itself), on the thread that
    /// made the change; <paramref name="thread"/> says what may run there.
    /// </summary>
    private void Settle(DispatchThread thread)
    {
        var events = _outbox;
        var onlyTo = _outboxOnlyTo;
        var subscriptions = _subscriptions;
        _outbox = NetworkEvents.None;
        _outboxOnlyTo = null;
        var startProbe = false;
        try
        {
            if (_state == SocketState.Stopped)
            {
                // Nothing is published after Stop; it may be waiting for the probe to end.
                events = NetworkEvents.None;
                Monitor.PulseAll(_gate);
            }
            else
            {
                startProbe = ArmLocked();
            }
        }
        finally
        {
            Monitor.Exit(_gate);
        }

        if (startProbe)
        {
            _probe!.Start(thread);
        }

        if (events == NetworkEvents.None)
        {
            return;
        }

        if (onlyTo is not null)
        {
            Deliver(onlyTo, events, thread);
            return;
        }

        foreach (var subscription in subscriptions)
        {
            Deliver(subscription, events, thread);
        }
    }

    /// <summary>
    /// One change of the engine's state, from <see cref="Begin"/> to the end of its <c>using</c> block:
    /// the lock is held throughout, and the end settles the change (<see cref="Settle"/>), also when
    /// the block returns early.
    /// </summary>
    private readonly ref struct Transition
    {
        private readonly SocketEventEngine _engine;
        private readonly DispatchThread _thread;

        public Transition(SocketEventEngine engine, DispatchThread thread)
        {
            _engine = engine;
            _thread = thread;
            Monitor.Enter(engine._gate);
        }

        public void Dispose() => _engine.Settle(_thread);
    }
}
