using System;
using System.Threading;

namespace SharedSockets.Engine;

/// <summary>Signals a wait handle, as <c>WSAEventSelect</c> signals its event object; the waiter takes the events.</summary>
internal sealed class WaitHandleSink : EventSink
{
    private readonly EventWaitHandle _handle;

    public WaitHandleSink(EventWaitHandle handle) => _handle = handle;

    public override void OnRecorded(Subscription subscription, DispatchThread thread)
    {
        try
        {
            _handle.Set();
        }
        catch (ObjectDisposedException exception)
        {
            // The subscriber disposed its handle without unsubscribing: end only this subscription.
            subscription.FailWith(exception);
        }
    }
}
