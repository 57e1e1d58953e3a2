using System;
using System.Collections.Generic;
using System.Net.Sockets;

namespace SharedSockets.Engine;

/// <summary>
/// Process-wide map from a native socket handle to the one engine of that socket, so a
/// <see cref="SharedSocket"/> and <see cref="Interop.SharedWinsock"/> calls on its handle share one
/// readiness registration. Entries are dropped when the socket is closed or, for sockets adopted by
/// <see cref="Interop.SharedWinsock"/>, when their last target is removed (handles are reused).
/// </summary>
internal static class SocketEngineRegistry
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<nint, Entry> s_entries = new();

    /// <summary>Registers the engine of a <see cref="SharedSocket"/>; false when the handle already has one.</summary>
    public static bool TryRegister(nint handle, Entry entry)
    {
        lock (s_gate)
        {
            return s_entries.TryAdd(handle, entry);
        }
    }

    /// <summary>The entry for <paramref name="handle"/>, or null.</summary>
    public static Entry? Find(nint handle)
    {
        lock (s_gate)
        {
            return s_entries.TryGetValue(handle, out var entry) ? entry : null;
        }
    }

    /// <summary>The entry for <paramref name="handle"/>, made by <paramref name="adopt"/> when there is none.</summary>
    public static Entry GetOrAdd(nint handle, Func<nint, Entry> adopt)
    {
        lock (s_gate)
        {
            if (!s_entries.TryGetValue(handle, out var entry))
            {
                entry = adopt(handle);
                s_entries.Add(handle, entry);
            }

            return entry;
        }
    }

    /// <summary>Drops <paramref name="entry"/> if it is still the one registered for <paramref name="handle"/>.</summary>
    public static void Unregister(nint handle, Entry entry)
    {
        lock (s_gate)
        {
            if (s_entries.TryGetValue(handle, out var current) && ReferenceEquals(current, entry))
            {
                s_entries.Remove(handle);
            }
        }
    }

    /// <summary>How many sockets are registered (for tests).</summary>
    public static int Count
    {
        get
        {
            lock (s_gate)
            {
                return s_entries.Count;
            }
        }
    }

    /// <summary>One socket's engine and the interop targets registered on it.</summary>
    internal sealed class Entry
    {
        public Entry(Socket socket, SocketEventEngine engine, bool isAdopted)
        {
            Socket = socket;
            Engine = engine;
            IsAdopted = isAdopted;
        }

        /// <summary>The socket (for adopted handles, a wrapper that does not own the handle).</summary>
        public Socket Socket { get; }

        public SocketEventEngine Engine { get; }

        /// <summary>True when made by <see cref="Interop.SharedWinsock"/> over a handle nobody shares through <see cref="SharedSocket"/>.</summary>
        public bool IsAdopted { get; }

        /// <summary>True once an adopted entry was dropped (its last target removed); lock the entry to use it.</summary>
        public bool IsRetired { get; set; }

        /// <summary>Interop targets (event object, or window and message) and their subscriptions; lock the entry to use it.</summary>
        public Dictionary<object, Subscription> Targets { get; } = new();
    }
}
