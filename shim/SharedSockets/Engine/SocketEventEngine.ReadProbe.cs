using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SharedSockets.Engine;

/// <summary>Waiting for data or the end of the stream: FD_READ and FD_CLOSE.</summary>
internal sealed partial class SocketEventEngine
{
    /// <summary>
    /// Re-arms the probe after a receive without delaying the receiver: the peek's system call and
    /// readiness registration run on the thread pool, after the receiver's own work (the reply it is
    /// about to send), as a raw event loop re-arms only after that work.
    /// </summary>
    private void StartProbeSoon(bool start)
    {
        if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static engine => engine.StartDeferredProbe(), this, preferLocal: true);
        }
    }

    private void StartDeferredProbe()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                _probePending = false;
                return;
            }
        }

        StartProbeIf(true);
    }

    private void StartProbeIf(bool start)
    {
        if (start)
        {
            var probe = ProbeAsync();
            lock (_gate)
            {
                if (!probe.IsCompleted)
                {
                    _probe = probe;
                }
            }
        }
    }

    /// <summary>
    /// Waits for data or the end of the stream with a one-byte peek: it consumes nothing, and unlike
    /// a readiness poll it tells data (n &gt; 0) from a graceful close (n == 0) atomically.
    /// </summary>
    private async Task ProbeAsync()
    {
        NetworkEvents outcome;
        var closeError = SocketError.Success;
        var resumedOnThreadPool = false;
        try
        {
            var peek = _socket.ReceiveAsync(s_probeBuffer, SocketFlags.Peek, _stopping.Token);
            resumedOnThreadPool = !peek.IsCompleted;
            var peeked = await peek.ConfigureAwait(false);
            outcome = peeked == 0 && _isStream ? NetworkEvents.Close : NetworkEvents.Read;
        }
        catch (OperationCanceledException)
        {
            outcome = NetworkEvents.None;
        }
        catch (ObjectDisposedException)
        {
            outcome = NetworkEvents.None;
        }
        catch (SocketException exception) when (!_isStream || exception.SocketErrorCode == SocketError.MessageSize)
        {
            // A datagram larger than the peek buffer, or an ICMP error on UDP: the receive reports it.
            outcome = NetworkEvents.Read;
        }
        catch (SocketException exception)
        {
            outcome = exception.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted
                ? NetworkEvents.None
                : NetworkEvents.Close;
            closeError = exception.SocketErrorCode;
        }
        catch (Exception exception)
        {
            // Never a faulted (unobserved) task: an unexpected runtime failure ends the connection's
            // events with FD_CLOSE, so subscribers are not left waiting in silence.
            System.Diagnostics.Trace.TraceError($"SharedSockets: the read probe failed: {exception}");
            outcome = NetworkEvents.Close;
            closeError = SocketError.SocketError;
        }

        Subscription[] subscriptions;
        lock (_gate)
        {
            _probePending = false;
            if (_stopped || outcome == NetworkEvents.None)
            {
                return;
            }

            if (outcome == NetworkEvents.Read)
            {
                _readable = true;
                _reportedAvailable = _observesForeignIo ? AvailableOrZero() : 0;
                UpdateForeignIoObserverLocked();
                subscriptions = _subscriptions;
            }
            else
            {
                subscriptions = Array.Empty<Subscription>();
            }
        }

        // After a pending receive this is the thread-pool thread it completed on, where awaiting a raw
        // socket resumes too: waiters resume here directly instead of one more hop. A receive that
        // completed at once runs on the caller's thread, whose call must not run waiters' code.
        if (resumedOnThreadPool)
        {
            using (AwaiterSink.InlineCompletions())
            {
                PublishProbeOutcome(outcome, closeError, subscriptions);
            }
        }
        else
        {
            PublishProbeOutcome(outcome, closeError, subscriptions);
        }
    }

    private void PublishProbeOutcome(NetworkEvents outcome, SocketError closeError, Subscription[] subscriptions)
    {
        if (outcome == NetworkEvents.Read)
        {
            Publish(NetworkEvents.Read, subscriptions);
        }
        else
        {
            MarkClosed(closeError);
        }
    }

    /// <summary>The reactor saw an adopted handle readable: a non-blocking one-byte peek tells data from the end of the stream.</summary>
    private void OnForeignReadable()
    {
        Subscription[] subscriptions;
        var closeError = SocketError.Success;
        var outcome = NetworkEvents.None;
        bool startProbe;
        lock (_gate)
        {
            // Under the lock, so Stop (and the close that follows it) never overlaps the peek.
            _readWatch = null;
            _probePending = false;
            if (_stopped)
            {
                return;
            }

            var peeked = 0;
            SocketError error;
            try
            {
                peeked = _socket.Receive(s_probeBuffer, 0, 1, SocketFlags.Peek, out error);
            }
            catch (ObjectDisposedException)
            {
                error = SocketError.NotSocket;
            }

            if (error == SocketError.Success)
            {
                outcome = peeked == 0 && _isStream ? NetworkEvents.Close : NetworkEvents.Read;
            }
            else if (!_isStream || error == SocketError.MessageSize)
            {
                outcome = NetworkEvents.Read;
            }
            else if (error != SocketError.WouldBlock)
            {
                outcome = NetworkEvents.Close;
                closeError = error;
            }

            if (outcome == NetworkEvents.Read)
            {
                _readable = true;
                _reportedAvailable = AvailableOrZero();
                _lastReadReport = System.Diagnostics.Stopwatch.GetTimestamp();
                UpdateForeignIoObserverLocked();
            }

            subscriptions = _subscriptions;

            // Readable but nothing to peek: someone received first; wait again.
            startProbe = outcome == NetworkEvents.None && ArmLocked();
        }

        StartProbeIf(startProbe);
        if (outcome == NetworkEvents.Read)
        {
            Publish(NetworkEvents.Read, subscriptions);
        }
        else if (outcome == NetworkEvents.Close)
        {
            MarkClosed(closeError);
        }
    }
}
