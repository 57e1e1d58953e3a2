namespace SharedSockets.Engine;

/// <summary>
/// Where a subscription's events go: a callback, a wait handle, an awaiter, or (through
/// <see cref="Interop.SharedWinsock"/>) a Win32 event object or window. Tests substitute their own.
/// </summary>
internal abstract class EventSink
{
    /// <summary>
    /// Called after events were recorded on <paramref name="subscription"/>, on the thread that
    /// observed them (<paramref name="thread"/> says which kind), so it must not block: sinks that run
    /// user code hand it to the thread pool, unless <see cref="DispatchThreadRules"/> allows it there.
    /// </summary>
    public abstract void OnRecorded(Subscription subscription, DispatchThread thread);

    /// <summary>Called after the owner took the recorded events (<c>WSAEnumNetworkEvents</c> resets the event object).</summary>
    public virtual void OnTaken(Subscription subscription)
    {
    }

    /// <summary>Called once when the subscription ends (unsubscribed, its descriptor disposed, or the socket closed).</summary>
    public virtual void OnDetached(Subscription subscription, DetachReason reason)
    {
    }
}

/// <summary>Why a subscription stopped receiving events.</summary>
internal enum DetachReason
{
    /// <summary>Its owner disposed it or removed it (mask 0 through <see cref="Interop.SharedWinsock"/>).</summary>
    Unsubscribed,

    /// <summary>The descriptor that made it was disposed.</summary>
    DescriptorDisposed,

    /// <summary>The socket itself was closed (its last reference released).</summary>
    SocketClosed,

    /// <summary>Its callback threw.</summary>
    Faulted,
}
