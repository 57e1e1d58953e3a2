namespace SharedSockets.Engine;

/// <summary>The reactor's answers: FD_WRITE, FD_ACCEPT and FD_OOB became true.</summary>
internal sealed partial class SocketEventEngine
{
    private void OnWritable()
    {
        Subscription[] subscriptions;
        lock (_gate)
        {
            _writeWatch = null;
            if (_stopped)
            {
                return;
            }

            _writable = true;
            _lastWriteReport = System.Diagnostics.Stopwatch.GetTimestamp();
            UpdateForeignIoObserverLocked();
            subscriptions = _subscriptions;
        }

        Publish(NetworkEvents.Write, subscriptions);
    }

    private void OnAcceptable()
    {
        Subscription[] subscriptions;
        lock (_gate)
        {
            _acceptWatch = null;
            if (_stopped)
            {
                return;
            }

            _acceptable = true;
            UpdateForeignIoObserverLocked();
            subscriptions = _subscriptions;
        }

        Publish(NetworkEvents.Accept, subscriptions);
    }

    private void OnUrgent()
    {
        Subscription[] subscriptions;
        lock (_gate)
        {
            _urgentWatch = null;
            if (_stopped)
            {
                return;
            }

            _urgent = true;
            UpdateForeignIoObserverLocked();
            subscriptions = _subscriptions;
        }

        Publish(NetworkEvents.Oob, subscriptions);
    }
}
