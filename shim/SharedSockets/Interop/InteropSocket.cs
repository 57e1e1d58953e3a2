using System.Collections.Generic;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using SharedSockets.Engine;

namespace SharedSockets.Interop;

/// <summary>
/// What <see cref="SharedWinsock"/> keeps about one socket beside its engine: the targets registered on
/// it and, for a handle adopted from native code, the wrapper made for it. Kept per engine, so it goes
/// with the engine when a <see cref="SharedSocket"/> closes; lock the object to use it.
/// </summary>
internal sealed class InteropSocket
{
    private static readonly ConditionalWeakTable<SocketEventEngine, InteropSocket> s_byEngine = new();

    private InteropSocket(SocketEventEngine engine, Socket? adoptedWrapper)
    {
        Engine = engine;
        AdoptedWrapper = adoptedWrapper;
    }

    public SocketEventEngine Engine { get; }

    /// <summary>For a handle adopted from native code, the wrapper that does not own the handle; null when a <see cref="SharedSocket"/> owns the socket.</summary>
    public Socket? AdoptedWrapper { get; }

    /// <summary>True once an adopted socket was dropped (its last target removed, or closed through <see cref="SharedWinsock.closesocket"/>).</summary>
    public bool IsRetired { get; set; }

    /// <summary>Interop targets (event object, or window and message) and their subscriptions.</summary>
    public Dictionary<object, Subscription> Targets { get; } = new();

    /// <summary>The interop state of the socket registered for <paramref name="handle"/>, or null when nothing was registered through <see cref="SharedWinsock"/>.</summary>
    public static InteropSocket? Find(nint handle) =>
        SocketEngineRegistry.Find(handle) is { } engine && s_byEngine.TryGetValue(engine, out var socket) ? socket : null;

    /// <summary>The interop state of <paramref name="engine"/>, made on first use (a <see cref="SharedSocket"/>'s engine gets its first target).</summary>
    public static InteropSocket Of(SocketEventEngine engine) =>
        s_byEngine.GetValue(engine, static owned => new InteropSocket(owned, adoptedWrapper: null));

    /// <summary>Records the engine made for a handle adopted from native code, with its wrapper.</summary>
    public static SocketEventEngine Adopted(SocketEventEngine engine, Socket wrapper)
    {
        s_byEngine.Add(engine, new InteropSocket(engine, wrapper));
        return engine;
    }
}
