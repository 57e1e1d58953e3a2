using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SharedSockets.Engine;

/// <summary>
/// Waits for data or the end of the stream (FD_READ and FD_CLOSE) with a one-byte peek: it consumes
/// nothing, and unlike a readiness poll it tells data (n &gt; 0) from a graceful close (n == 0)
/// atomically. One per engine, with at most one peek in flight (the engine's Read watch).
/// </summary>
/// <remarks>
/// No allocation per peek: the pending receive's awaiter gets one cached continuation, and a deferred
/// start queues this object itself.
/// </remarks>
internal sealed class ReadProbe : IThreadPoolWorkItem
{
    /// <summary>Peeks only: the byte is never read, so every probe can share it.</summary>
    internal static readonly byte[] PeekBuffer = new byte[1];

    private readonly SocketEventEngine _engine;
    private readonly Socket _socket;
    private readonly bool _isStream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action _onPeekCompleted;
    private ValueTask<int> _peek;

    public ReadProbe(SocketEventEngine engine, Socket socket, bool isStream)
    {
        _engine = engine;
        _socket = socket;
        _isStream = isStream;
        _onPeekCompleted = OnPeekCompleted;
    }

    /// <summary>What a one-byte peek says: data (or a datagram, or a datagram's error) is Read, the end of a stream or its failure is Close, nothing yet is None.</summary>
    public static NetworkEvents OutcomeOf(int peeked, SocketError error, bool isStream) => error switch
    {
        SocketError.Success => peeked == 0 && isStream ? NetworkEvents.Close : NetworkEvents.Read,

        // A datagram larger than the peek buffer, or an ICMP error on UDP: the receive reports it.
        _ when !isStream || error == SocketError.MessageSize => NetworkEvents.Read,
        SocketError.WouldBlock or SocketError.OperationAborted or SocketError.Interrupted => NetworkEvents.None,
        _ => NetworkEvents.Close,
    };

    /// <summary>Starts the peek on this thread, or on the thread pool when <paramref name="thread"/> must be given back at once.</summary>
    public void Start(DispatchThread thread)
    {
        if (thread.StartsProbeHere())
        {
            Peek(thread);
        }
        else
        {
            // After a receive, the peek's system call and readiness registration run after the
            // receiver's own work (the reply it is about to send), as a raw event loop re-arms after it.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <summary>Ends a pending peek (the engine is stopping): it completes with no outcome.</summary>
    public void Cancel() => _stopping.Cancel();

    void IThreadPoolWorkItem.Execute()
    {
        if (_engine.IsStopped)
        {
            // The socket is closing: a peek now would only find it gone.
            _engine.OnProbeCompleted(NetworkEvents.None, SocketError.Success, DispatchThread.EngineWork);
            return;
        }

        Peek(DispatchThread.EngineWork);
    }

    private void Peek(DispatchThread thread)
    {
        ValueTask<int> peek;
        try
        {
            peek = _socket.ReceiveAsync(PeekBuffer, SocketFlags.Peek, _stopping.Token);
        }
        catch (Exception exception)
        {
            ReportFailure(exception, thread);
            return;
        }

        if (peek.IsCompleted)
        {
            Complete(peek, thread);
            return;
        }

        _peek = peek;
        peek.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onPeekCompleted);
    }

    /// <summary>The pending peek completed, on the thread that completed it (the thread pool): the engine's own work.</summary>
    private void OnPeekCompleted()
    {
        var peek = _peek;
        _peek = default;
        Complete(peek, DispatchThread.EngineWork);
    }

    private void Complete(ValueTask<int> peek, DispatchThread thread)
    {
        int peeked;
        try
        {
            peeked = peek.GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            ReportFailure(exception, thread);
            return;
        }

        _engine.OnProbeCompleted(OutcomeOf(peeked, SocketError.Success, _isStream), SocketError.Success, thread);
    }

    private void ReportFailure(Exception exception, DispatchThread thread)
    {
        var (outcome, error) = exception switch
        {
            OperationCanceledException or ObjectDisposedException => (NetworkEvents.None, SocketError.Success),
            SocketException socketError => (OutcomeOf(0, socketError.SocketErrorCode, _isStream), socketError.SocketErrorCode),
            _ => Unexpected(exception),
        };
        _engine.OnProbeCompleted(outcome, error, thread);
    }

    /// <summary>
    /// An unexpected runtime failure ends the connection's events with FD_CLOSE, so subscribers are not
    /// left waiting in silence (and nothing is thrown onto the completing thread).
    /// </summary>
    private static (NetworkEvents, SocketError) Unexpected(Exception exception)
    {
        System.Diagnostics.Trace.TraceError($"SharedSockets: the read probe failed: {exception}");
        return (NetworkEvents.Close, SocketError.SocketError);
    }
}
