using System;
using System.Threading;
using System.Threading.Tasks;

namespace SharedSockets.Engine;

/// <summary>A one-shot subscription behind <see cref="SocketDescriptor.WaitAsync"/>: the first events complete the task.</summary>
/// <remarks>
/// The waiter's continuation runs inline only where that is what awaiting a raw socket does: on the
/// thread-pool thread that completed the read probe (see <see cref="InlineCompletions"/>), or while the
/// wait is being made (no continuation exists yet). Everywhere else (a user thread calling
/// <c>Shutdown</c> or <c>Dispose</c>, the reactor's poll thread, a cancellation callback) it is queued
/// to the thread pool, so a waiter's code never runs inside someone else's call.
/// </remarks>
internal sealed class AwaiterSink : EventSink
{
    [ThreadStatic]
    private static bool t_inlineCompletions;

    private readonly TaskCompletionSource<NetworkEvents> _completion = new();
    private CancellationTokenRegistration _cancellation;
    private int _settled;

    public Task<NetworkEvents> Task => _completion.Task;

    /// <summary>
    /// Lets waits completed on this thread run their continuations inline until the scope ends: for
    /// the read probe's completion (already on the thread pool, where a raw socket's continuation would run).
    /// </summary>
    public static InlineScope InlineCompletions() => new(t_inlineCompletions);

    /// <summary>Ends the wait with <see cref="OperationCanceledException"/> when <paramref name="token"/> is cancelled.</summary>
    public void CancelWith(Subscription subscription, CancellationToken token)
    {
        if (!token.CanBeCanceled || Volatile.Read(ref _settled) != 0)
        {
            return;
        }

        _cancellation = token.UnsafeRegister(
            static (state, cancelled) =>
            {
                var (sink, owned) = ((AwaiterSink, Subscription))state!;
                if (sink.TrySettle())
                {
                    owned.Dispose();
                    sink.Complete(static (completion, token) => completion.TrySetCanceled((CancellationToken)token!), cancelled);
                }
            },
            (this, subscription));

        // Settled between the check and the registration: nothing left to cancel.
        if (Volatile.Read(ref _settled) != 0)
        {
            _cancellation.Dispose();
        }
    }

    public override void OnRecorded(Subscription subscription)
    {
        var events = subscription.TakeEvents();
        if (events == NetworkEvents.None || !TrySettle())
        {
            return;
        }

        // Unsubscribe before the waiter resumes: its next WaitAsync must not find this one still registered.
        subscription.Dispose();
        Complete(static (completion, result) => completion.TrySetResult((NetworkEvents)result!), events);
    }

    public override void OnDetached(Subscription subscription, DetachReason reason)
    {
        _cancellation.Dispose();
        if (reason is DetachReason.DescriptorDisposed or DetachReason.SocketClosed && TrySettle())
        {
            Complete(
                static (completion, _) => completion.TrySetException(new ObjectDisposedException(nameof(SocketDescriptor), "The descriptor was disposed while waiting.")),
                null);
        }
    }

    /// <summary>The first outcome (events, cancellation, disposal) wins; true for that caller.</summary>
    private bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;

    private void Complete(Func<TaskCompletionSource<NetworkEvents>, object?, bool> complete, object? state)
    {
        if (t_inlineCompletions)
        {
            complete(_completion, state);
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static work => work.Complete(work.Completion, work.State),
            (Complete: complete, Completion: _completion, State: state),
            preferLocal: false);
    }

    /// <summary>Restores the previous setting when disposed (scopes nest: a wait made inside a probe's completion).</summary>
    public readonly struct InlineScope : IDisposable
    {
        private readonly bool _previous;

        public InlineScope(bool previous)
        {
            _previous = previous;
            t_inlineCompletions = true;
        }

        public void Dispose() => t_inlineCompletions = _previous;
    }
}
