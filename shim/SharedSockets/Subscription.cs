using System;
using System.Threading;
using SharedSockets.Engine;

namespace SharedSockets;

/// <summary>
/// One subscriber's interest in a shared socket's network events: its own mask and its own sink.
/// Subscriptions are additive: making, changing or disposing one never affects another, unlike
/// <c>WSAEventSelect</c>/<c>WSAAsyncSelect</c>, where each call cancels every earlier registration.
/// </summary>
/// <remarks>
/// Events are recorded on the subscription until they are delivered (callback) or taken
/// (<see cref="TakeEvents"/>, the <c>WSAEnumNetworkEvents</c> of this library); events that occur
/// again before that are coalesced, as Winsock records them.
/// </remarks>
public sealed class Subscription : IDisposable
{
    private readonly SocketEventEngine _engine;
    private int _events;
    private int _recorded;
    private int _detached;
    private int _closeReported;
    private Exception? _fault;

    internal Subscription(SocketEventEngine engine, NetworkEvents events, EventSink sink, object? owner)
    {
        _engine = engine;
        _events = (int)events;
        Sink = sink;
        Owner = owner;
    }

    /// <summary>The events this subscription receives.</summary>
    public NetworkEvents Events => (NetworkEvents)Volatile.Read(ref _events);

    /// <summary>Whether events are still delivered to this subscription.</summary>
    public bool IsActive => Volatile.Read(ref _detached) == 0;

    /// <summary>The exception its callback threw, which ended the subscription; otherwise <see langword="null"/>.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    internal EventSink Sink { get; }

    /// <summary>Whether events are recorded and not yet taken.</summary>
    internal bool HasRecorded => Volatile.Read(ref _recorded) != 0;

    /// <summary>The descriptor (or interop target) that made the subscription; removed with it.</summary>
    internal object? Owner { get; }

    /// <summary>Returns the events recorded since the last call and clears them.</summary>
    /// <returns>The recorded events, or <see cref="NetworkEvents.None"/>.</returns>
    /// <remarks>Use it after a wait handle given to <see cref="SocketDescriptor.Subscribe(NetworkEvents, EventWaitHandle)"/> is signalled.</remarks>
    public NetworkEvents TakeEvents() => (NetworkEvents)Interlocked.Exchange(ref _recorded, 0);

    /// <summary>
    /// Changes the events this subscription receives, as re-issuing <c>WSAEventSelect</c> with the same
    /// event object does. Conditions that already hold for newly added events (data waiting, socket
    /// writable, connection closed) are recorded at once.
    /// </summary>
    /// <param name="events">The new mask: at least one defined event.</param>
    /// <exception cref="ArgumentException"><paramref name="events"/> is <see cref="NetworkEvents.None"/> or has undefined bits.</exception>
    /// <exception cref="ObjectDisposedException">The subscription has ended.</exception>
    public void ChangeEvents(NetworkEvents events)
    {
        NetworkEventMasks.ThrowIfInvalidSubscriptionMask(events, nameof(events));
        if (!_engine.ChangeEvents(this, events))
        {
            throw new ObjectDisposedException(nameof(Subscription), "The subscription has ended.");
        }
    }

    /// <summary>Ends this subscription only; other subscriptions on the socket are untouched.</summary>
    public void Dispose() => _engine.Remove(this, DetachReason.Unsubscribed);

    /// <summary>Sets the mask; called by the engine under its lock.</summary>
    internal void SetEvents(NetworkEvents events) => Volatile.Write(ref _events, (int)events);

    /// <summary>Records events that match the mask and notifies the sink on <paramref name="thread"/>; returns what was recorded.</summary>
    internal NetworkEvents Record(NetworkEvents occurred, DispatchThread thread)
    {
        var matched = occurred & Events;

        // FD_CLOSE comes once per registration (Winsock). The engine may offer it twice when a
        // mask change adds Close (a present condition) while the close is being published.
        if ((matched & NetworkEvents.Close) != 0 && Interlocked.Exchange(ref _closeReported, 1) != 0)
        {
            matched &= ~NetworkEvents.Close;
        }

        if (matched == NetworkEvents.None || !IsActive)
        {
            return NetworkEvents.None;
        }

        Interlocked.Or(ref _recorded, (int)matched);
        Sink.OnRecorded(this, thread);
        return matched;
    }

    /// <summary>Marks the subscription ended; true for the one caller that ended it.</summary>
    internal bool TryDetach() => Interlocked.Exchange(ref _detached, 1) == 0;

    /// <summary>Ends the subscription because its callback threw.</summary>
    internal void FailWith(Exception exception)
    {
        Interlocked.CompareExchange(ref _fault, exception, null);
        _engine.Remove(this, DetachReason.Faulted);
    }
}
