using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace SharedSockets.Engine;

/// <summary>
/// One background thread that waits, with <c>Socket.Select</c>, for the readiness conditions .NET has
/// no asynchronous operation for: "writable again" (FD_WRITE after a would-block send), "connection
/// pending" (FD_ACCEPT), "urgent data" (FD_OOB), and "readable" for handles adopted from native code.
/// Each socket has one <see cref="Watch"/>; the events it waits for are one-shot: a ready event leaves
/// the watch until its engine asks for it again.
/// </summary>
/// <remarks>
/// A socket must never be closed while this thread polls it: .NET then "unblocks" the poll by
/// resetting the connection, and the peer would see RST instead of FIN. <see cref="Remove"/>
/// therefore returns only once the thread no longer polls the removed watch.
/// </remarks>
internal sealed class ReadinessReactor
{
    private static readonly Lazy<ReadinessReactor> s_shared = new(() => new ReadinessReactor());

    private readonly object _gate = new();
    private readonly List<Watch> _watches = new();
    private readonly Socket _wakeup;
    private readonly byte[] _wakeupBuffer = new byte[64];
    private Watch[]? _polling;
    private bool _wakeupPending;

    private ReadinessReactor()
    {
        // A UDP socket connected to itself on loopback: sending one datagram makes it readable,
        // which ends the current Select so that new watches are picked up at once.
        _wakeup = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _wakeup.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _wakeup.Connect(_wakeup.LocalEndPoint!);
        _wakeup.Blocking = false;

        var thread = new Thread(Run) { IsBackground = true, Name = "SharedSockets readiness" };
        thread.Start();
    }

    /// <summary>The process-wide reactor.</summary>
    public static ReadinessReactor Shared => s_shared.Value;

    private int ReactorThreadId { get; set; }

    /// <summary>
    /// Adds <paramref name="events"/> (Read, Write, Accept, Oob) to what <paramref name="watch"/> waits
    /// for. Each becomes ready once: then the watch's callback gets it on the reactor thread.
    /// </summary>
    public void Add(Watch watch, NetworkEvents events)
    {
        lock (_gate)
        {
            if (watch.Wanted == NetworkEvents.None)
            {
                _watches.Add(watch);
            }

            watch.Wanted |= events;
            WakeLocked();
        }
    }

    /// <summary>Cancels everything a watch waits for; when it returns, the reactor thread no longer polls the watch's socket.</summary>
    public void Remove(Watch watch)
    {
        lock (_gate)
        {
            if (!_watches.Remove(watch))
            {
                return;
            }

            watch.Wanted = NetworkEvents.None;
            if (Environment.CurrentManagedThreadId == ReactorThreadId)
            {
                return;
            }

            while (_polling is { } polling && Array.IndexOf(polling, watch) >= 0)
            {
                WakeLocked();
                Monitor.Wait(_gate);
            }
        }
    }

    private static bool IsPollable(Socket socket)
    {
        try
        {
            socket.Poll(0, SelectMode.SelectRead);
            return true;
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    private void WakeLocked()
    {
        if (_polling is null || _wakeupPending)
        {
            return;
        }

        _wakeupPending = true;
        _wakeup.Send(_wakeupBuffer.AsSpan(0, 1), SocketFlags.None, out _);
    }

    private void Run()
    {
        ReactorThreadId = Environment.CurrentManagedThreadId;

        // Socket.Select's three lists, each with the events its readiness means.
        var read = (Events: NetworkEvents.Read | NetworkEvents.Accept, Sockets: new List<Socket>());
        var write = (Events: NetworkEvents.Write, Sockets: new List<Socket>());
        var error = (Events: NetworkEvents.Oob, Sockets: new List<Socket>());
        var lists = new[] { read, write, error };
        var ready = new List<(Watch Watch, NetworkEvents Events)>();
        while (true)
        {
            Watch[] polling;
            lock (_gate)
            {
                polling = _watches.ToArray();
                _polling = polling;
                foreach (var watch in polling)
                {
                    watch.Polled = watch.Wanted;
                }
            }

            foreach (var (_, sockets) in lists)
            {
                sockets.Clear();
            }

            read.Sockets.Add(_wakeup);
            foreach (var watch in polling)
            {
                foreach (var (events, sockets) in lists)
                {
                    if ((watch.Polled & events) != 0)
                    {
                        sockets.Add(watch.Socket);
                    }
                }
            }

            var pollFailed = false;
            try
            {
                // Bounded, so a wakeup lost to an unexpected error costs at most one second.
                Socket.Select(read.Sockets, write.Sockets, error.Sockets.Count > 0 ? error.Sockets : null, 1_000_000);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
            {
                pollFailed = true;
            }

            ready.Clear();
            lock (_gate)
            {
                _polling = null;
                _wakeupPending = false;
                DrainWakeup();
                foreach (var watch in polling)
                {
                    // A watch whose socket failed is reported ready too: its owner's next call sees the error.
                    var failed = pollFailed && !IsPollable(watch.Socket);
                    var observed = NetworkEvents.None;
                    foreach (var (events, sockets) in lists)
                    {
                        if (failed || (!pollFailed && sockets.Contains(watch.Socket)))
                        {
                            observed |= events;
                        }
                    }

                    var readyEvents = watch.Wanted & watch.Polled & observed;
                    if (readyEvents == NetworkEvents.None)
                    {
                        continue;
                    }

                    watch.Wanted &= ~readyEvents;
                    if (watch.Wanted == NetworkEvents.None)
                    {
                        _watches.Remove(watch);
                    }

                    ready.Add((watch, readyEvents));
                }

                Monitor.PulseAll(_gate);
            }

            foreach (var (watch, events) in ready)
            {
                // Owners' callbacks only record state and signal sinks; should one still throw, this
                // thread must survive it, or every other socket would stop getting these events.
                try
                {
                    watch.OnReady(events);
                }
                catch (Exception exception)
                {
                    System.Diagnostics.Trace.TraceError($"SharedSockets: a readiness callback failed: {exception}");
                }
            }
        }
    }

    private void DrainWakeup()
    {
        while (_wakeup.Available > 0)
        {
            _wakeup.Receive(_wakeupBuffer, SocketFlags.None, out _);
        }
    }

    /// <summary>One socket's registration with the reactor, made once by its engine.</summary>
    internal sealed class Watch(Socket socket, Action<NetworkEvents> onReady)
    {
        public Socket Socket { get; } = socket;

        /// <summary>Called on the reactor thread with the events that became ready (each once per <see cref="Add"/>).</summary>
        public Action<NetworkEvents> OnReady { get; } = onReady;

        /// <summary>The events waited for; in the reactor's list exactly while not None. The reactor's lock guards it.</summary>
        public NetworkEvents Wanted { get; set; }

        /// <summary>The events the current poll waits for (a snapshot of <see cref="Wanted"/>); the reactor thread's own.</summary>
        public NetworkEvents Polled { get; set; }
    }
}
