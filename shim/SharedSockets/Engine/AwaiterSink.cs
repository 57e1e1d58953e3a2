using System;
using System.Threading;
using System.Threading.Tasks;

namespace SharedSockets.Engine;

/// <summary>A one-shot subscription behind <see cref="SocketDescriptor.WaitAsync"/>: the first events complete the task.</summary>
internal sealed class AwaiterSink : EventSink
{
    private readonly TaskCompletionSource<NetworkEvents> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CancellationTokenRegistration _cancellation;

    public Task<NetworkEvents> Task => _completion.Task;

    /// <summary>Ends the wait with <see cref="OperationCanceledException"/> when <paramref name="token"/> is cancelled.</summary>
    public void CancelWith(Subscription subscription, CancellationToken token)
    {
        if (!token.CanBeCanceled || _completion.Task.IsCompleted)
        {
            return;
        }

        _cancellation = token.UnsafeRegister(
            static (state, cancelled) =>
            {
                var (sink, owned) = ((AwaiterSink, Subscription))state!;
                if (sink._completion.TrySetCanceled(cancelled))
                {
                    owned.Dispose();
                }
            },
            (this, subscription));

        // Completed between the check and the registration: nothing left to cancel.
        if (_completion.Task.IsCompleted)
        {
            _cancellation.Dispose();
        }
    }

    public override void OnRecorded(Subscription subscription)
    {
        var events = subscription.TakeEvents();
        if (events != NetworkEvents.None && _completion.TrySetResult(events))
        {
            subscription.Dispose();
        }
    }

    public override void OnDetached(Subscription subscription, DetachReason reason)
    {
        _cancellation.Dispose();
        if (reason is DetachReason.DescriptorDisposed or DetachReason.SocketClosed)
        {
            _completion.TrySetException(new ObjectDisposedException(nameof(SocketDescriptor), "The descriptor was disposed while waiting."));
        }
    }
}
