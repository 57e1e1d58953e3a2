using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace SharedSockets.Engine;

/// <summary>
/// One background thread that waits, with <c>Socket.Select</c>, for the readiness conditions
/// .NET has no asynchronous operation for: "writable again" (FD_WRITE after a would-block send),
/// "connection pending" (FD_ACCEPT) and "urgent data" (FD_OOB). Watches are one-shot.
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

    /// <summary>Waits once for <paramref name="mode"/> on <paramref name="socket"/>, then calls <paramref name="onReady"/> on the reactor thread.</summary>
    public Watch Add(Socket socket, SelectMode mode, Action onReady)
    {
        var watch = new Watch(socket, mode, onReady);
        lock (_gate)
        {
            _watches.Add(watch);
            WakeLocked();
        }

        return watch;
    }

    /// <summary>Cancels a watch; when it returns, the reactor thread no longer polls the watch's socket for it.</summary>
    public void Remove(Watch watch)
    {
        lock (_gate)
        {
            if (!_watches.Remove(watch))
            {
                return;
            }

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

    private int ReactorThreadId { get; set; }

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
        var read = new List<Socket>();
        var write = new List<Socket>();
        var error = new List<Socket>();
        var ready = new List<Watch>();
        while (true)
        {
            Watch[] polling;
            lock (_gate)
            {
                polling = _watches.ToArray();
                _polling = polling;
            }

            read.Clear();
            write.Clear();
            error.Clear();
            read.Add(_wakeup);
            foreach (var watch in polling)
            {
                ListFor(watch.Mode, read, write, error).Add(watch.Socket);
            }

            var pollFailed = false;
            try
            {
                // Bounded, so a wakeup lost to an unexpected error costs at most one second.
                Socket.Select(read, write, error.Count > 0 ? error : null, 1_000_000);
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
                    var isReady = pollFailed
                        ? !IsPollable(watch)
                        : ListFor(watch.Mode, read, write, error).Contains(watch.Socket);
                    if (isReady && _watches.Remove(watch))
                    {
                        ready.Add(watch);
                    }
                }

                Monitor.PulseAll(_gate);
            }

            foreach (var watch in ready)
            {
                // A watch whose socket failed is reported ready too: its owner's next call sees the error.
                // Owners' callbacks only record state and signal sinks; should one still throw, this
                // thread must survive it, or every other socket would stop getting these events.
                try
                {
                    watch.OnReady();
                }
                catch (Exception exception)
                {
                    System.Diagnostics.Trace.TraceError($"SharedSockets: a readiness callback failed: {exception}");
                }
            }
        }
    }

    private static List<Socket> ListFor(SelectMode mode, List<Socket> read, List<Socket> write, List<Socket> error) =>
        mode switch
        {
            SelectMode.SelectRead => read,
            SelectMode.SelectWrite => write,
            _ => error,
        };

    private static bool IsPollable(Watch watch)
    {
        try
        {
            watch.Socket.Poll(0, watch.Mode);
            return true;
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    private void DrainWakeup()
    {
        while (_wakeup.Available > 0)
        {
            _wakeup.Receive(_wakeupBuffer, SocketFlags.None, out _);
        }
    }

    /// <summary>One pending one-shot wait.</summary>
    internal sealed class Watch
    {
        public Watch(Socket socket, SelectMode mode, Action onReady)
        {
            Socket = socket;
            Mode = mode;
            OnReady = onReady;
        }

        public Socket Socket { get; }

        public SelectMode Mode { get; }

        public Action OnReady { get; }
    }
}
