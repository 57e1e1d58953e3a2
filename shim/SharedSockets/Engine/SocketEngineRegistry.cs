using System;
using System.Collections.Generic;

namespace SharedSockets.Engine;

/// <summary>
/// Process-wide map from a native socket handle to the one engine of that socket, so a
/// <see cref="SharedSocket"/> and <see cref="Interop.SharedWinsock"/> calls on its handle share one
/// readiness registration. Entries are dropped when the socket is closed or, for sockets adopted by
/// <see cref="Interop.SharedWinsock"/>, when their last target is removed (handles are reused).
/// What the interop layer keeps about a socket beside its engine lives there (<see cref="Interop.InteropSocket"/>).
/// </summary>
internal static class SocketEngineRegistry
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<nint, SocketEventEngine> s_engines = new();

    /// <summary>Registers the engine of a <see cref="SharedSocket"/>; false when the handle already has one.</summary>
    public static bool TryRegister(nint handle, SocketEventEngine engine)
    {
        lock (s_gate)
        {
            return s_engines.TryAdd(handle, engine);
        }
    }

    /// <summary>The engine of <paramref name="handle"/>, or null.</summary>
    public static SocketEventEngine? Find(nint handle)
    {
        lock (s_gate)
        {
            return s_engines.TryGetValue(handle, out var engine) ? engine : null;
        }
    }

    /// <summary>The engine of <paramref name="handle"/>, made by <paramref name="adopt"/> when there is none.</summary>
    public static SocketEventEngine GetOrAdd(nint handle, Func<nint, SocketEventEngine> adopt)
    {
        lock (s_gate)
        {
            if (!s_engines.TryGetValue(handle, out var engine))
            {
                engine = adopt(handle);
                s_engines.Add(handle, engine);
            }

            return engine;
        }
    }

    /// <summary>Drops <paramref name="engine"/> if it is still the one registered for <paramref name="handle"/>.</summary>
    public static void Unregister(nint handle, SocketEventEngine engine)
    {
        lock (s_gate)
        {
            if (s_engines.TryGetValue(handle, out var current) && ReferenceEquals(current, engine))
            {
                s_engines.Remove(handle);
            }
        }
    }
}
