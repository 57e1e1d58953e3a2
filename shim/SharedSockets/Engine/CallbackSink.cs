using System;
using System.Threading;

namespace SharedSockets.Engine;

/// <summary>
/// Delivers events to a user callback on the thread pool, one call at a time per subscription, so a
/// slow subscriber never delays another (each has its own queue, as each Winsock target has its own
/// event object or window) and never runs on the socket's I/O completion path.
/// </summary>
internal sealed class CallbackSink : EventSink, IThreadPoolWorkItem
{
    private readonly Action<NetworkEvents> _callback;
    private Subscription? _subscription;
    private int _scheduled;

    public CallbackSink(Action<NetworkEvents> callback) => _callback = callback;

    public override void OnRecorded(Subscription subscription, DispatchThread thread)
    {
        _subscription = subscription;
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var subscription = _subscription!;
        while (true)
        {
            var events = subscription.TakeEvents();
            if (events != NetworkEvents.None && subscription.IsActive)
            {
                try
                {
                    _callback(events);
                }
                catch (Exception exception)
                {
                    // Like a faulting window procedure, it ends only its own subscription; the
                    // exception is kept on Subscription.Fault instead of tearing down the process.
                    subscription.FailWith(exception);
                    return;
                }
            }

            Volatile.Write(ref _scheduled, 0);
            if (!subscription.HasRecorded || Interlocked.Exchange(ref _scheduled, 1) != 0)
            {
                return;
            }
        }
    }
}
