using System;
using System.Threading;
using System.Threading.Tasks;

namespace SharedSockets.Engine;

/// <summary>A one-shot subscription behind <see cref="SocketDescriptor.WaitAsync"/>: the first outcome (events, cancellation, disposal) completes the task.</summary>
/// <remarks>
/// Where the waiter's continuation runs follows one rule: inline only where nothing but the engine's
/// own work is on the stack, that is
/// <list type="bullet">
/// <item>before <see cref="HandOut"/> has returned the task (no continuation can exist yet: an outcome
/// reached while the wait is being made is applied by <see cref="HandOut"/>, on the waiter's thread), or</item>
/// <item>on a <see cref="DispatchThread.EngineWork"/> thread: the read probe's completion on the thread
/// pool, where awaiting a raw socket resumes too (<see cref="DispatchThreadRules.ResumesWaitersHere"/>).</item>
/// </list>
/// Everywhere else (a user's <c>Shutdown</c>, <c>Dispose</c> or token <c>Cancel</c>, the reactor's poll
/// thread, the foreign-I/O timer) it is queued to the thread pool, so a waiter's code never runs inside
/// someone else's call.
/// </remarks>
internal sealed class AwaiterSink : EventSink, IThreadPoolWorkItem
{
    private const int Registering = 0;
    private const int HandedOut = 1;
    private const int SettledWhileRegistering = 2;

    private readonly TaskCompletionSource<NetworkEvents> _completion = new();
    private CancellationTokenRegistration _cancellation;
    private Subscription? _subscription;
    private int _settled;
    private int _phase;
    private Outcome _outcome;
    private NetworkEvents _events;
    private CancellationToken _cancelledBy;

    private enum Outcome
    {
        Events,
        Cancelled,
        Disposed,
    }

    /// <summary>Ends the wait with <see cref="OperationCanceledException"/> when <paramref name="token"/> is cancelled.</summary>
    public void CancelWith(Subscription subscription, CancellationToken token)
    {
        if (!token.CanBeCanceled || Volatile.Read(ref _settled) != 0)
        {
            return;
        }

        _subscription = subscription;
        _cancellation = token.UnsafeRegister(static (state, cancelled) => ((AwaiterSink)state!).OnCancelled(cancelled), this);

        // Settled between the check and the registration: nothing left to cancel.
        if (Volatile.Read(ref _settled) != 0)
        {
            _cancellation.Dispose();
        }
    }

    /// <summary>Returns the task once the wait is registered; an outcome reached meanwhile completes it here, on the waiter's thread.</summary>
    public Task<NetworkEvents> HandOut()
    {
        if (Interlocked.CompareExchange(ref _phase, HandedOut, Registering) == SettledWhileRegistering)
        {
            Finish();
        }

        return _completion.Task;
    }

    public override void OnRecorded(Subscription subscription, DispatchThread thread)
    {
        var events = subscription.TakeEvents();
        if (events == NetworkEvents.None || !TrySettle())
        {
            return;
        }

        // Unsubscribe before the waiter resumes: its next WaitAsync must not find this one still registered.
        subscription.Dispose();
        Complete(Outcome.Events, events, default, thread);
    }

    public override void OnDetached(Subscription subscription, DetachReason reason)
    {
        _cancellation.Dispose();
        if (reason is DetachReason.DescriptorDisposed or DetachReason.SocketClosed && TrySettle())
        {
            Complete(Outcome.Disposed, NetworkEvents.None, default, DispatchThread.Borrowed);
        }
    }

    void IThreadPoolWorkItem.Execute() => Finish();

    private void OnCancelled(CancellationToken cancelled)
    {
        if (TrySettle())
        {
            _subscription!.Dispose();
            Complete(Outcome.Cancelled, NetworkEvents.None, cancelled, DispatchThread.Borrowed);
        }
    }

    /// <summary>The first outcome (events, cancellation, disposal) wins; true for that caller.</summary>
    private bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;

    /// <summary>Applies the winning outcome where the rule above allows, or leaves it to <see cref="HandOut"/> or the thread pool.</summary>
    private void Complete(Outcome outcome, NetworkEvents events, CancellationToken cancelledBy, DispatchThread thread)
    {
        _outcome = outcome;
        _events = events;
        _cancelledBy = cancelledBy;
        if (thread.ResumesWaitersHere())
        {
            Finish();
        }
        else if (Interlocked.CompareExchange(ref _phase, SettledWhileRegistering, Registering) != Registering)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Finish()
    {
        switch (_outcome)
        {
            case Outcome.Events:
                _completion.TrySetResult(_events);
                break;
            case Outcome.Cancelled:
                _completion.TrySetCanceled(_cancelledBy);
                break;
            default:
                _completion.TrySetException(new ObjectDisposedException(nameof(SocketDescriptor), "The descriptor was disposed while waiting."));
                break;
        }
    }
}
