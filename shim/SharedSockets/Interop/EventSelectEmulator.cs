using System;
using System.Collections.Generic;
using System.Net.Sockets;
using SharedSockets.Engine;

namespace SharedSockets.Interop;

/// <summary>
/// <c>WSAEventSelect</c>/<c>WSAAsyncSelect</c> with additive semantics: each target (an event
/// object, or a window and message) has its own registration on the socket's one engine. The same
/// target updates its mask, mask 0 removes that target, and other targets are untouched, where the
/// native calls cancel every earlier registration on the socket.
/// </summary>
internal sealed class EventSelectEmulator
{
    private readonly INativeSinkFactory _sinks;

    public EventSelectEmulator(INativeSinkFactory sinks) => _sinks = sinks;

    /// <summary>The additive <c>WSAEventSelect</c>: returns 0, or <see cref="SharedWinsock.SOCKET_ERROR"/> with the thread's last error set.</summary>
    public int EventSelect(nint socket, nint eventObject, long networkEvents)
    {
        if (!IsSocketHandle(socket))
        {
            return WinsockErrors.Fail(WinsockErrors.NotSocket);
        }

        if (!TryMask(networkEvents, out var mask))
        {
            return WinsockErrors.Fail(WinsockErrors.InvalidArgument);
        }

        if (eventObject == 0)
        {
            // WSAEventSelect(s, NULL, 0) is the native way to clear: it clears every event-object
            // target made through this API. With a mask it names no target.
            return mask == NetworkEvents.None
                ? RemoveTargets(socket, static target => target is EventObjectTarget)
                : WinsockErrors.Fail(WinsockErrors.InvalidArgument);
        }

        var target = new EventObjectTarget(eventObject);
        return mask == NetworkEvents.None
            ? RemoveTargets(socket, candidate => candidate.Equals(target))
            : Register(socket, target, mask, _ => _sinks.ForEventObject(socket, eventObject));
    }

    /// <summary>The additive <c>WSAAsyncSelect</c>: returns 0, or <see cref="SharedWinsock.SOCKET_ERROR"/> with the thread's last error set.</summary>
    public int AsyncSelect(nint socket, nint window, uint message, long networkEvents)
    {
        if (!IsSocketHandle(socket))
        {
            return WinsockErrors.Fail(WinsockErrors.NotSocket);
        }

        if (window == 0 || !TryMask(networkEvents, out var mask))
        {
            return WinsockErrors.Fail(WinsockErrors.InvalidArgument);
        }

        if (mask == NetworkEvents.None && message == 0)
        {
            // WSAAsyncSelect(s, hWnd, 0, 0) is the native way to cancel: every message of that window.
            return RemoveTargets(socket, candidate => candidate is WindowMessageTarget other && other.Window == window);
        }

        var target = new WindowMessageTarget(window, message);
        return mask == NetworkEvents.None
            ? RemoveTargets(socket, candidate => candidate.Equals(target))
            : Register(socket, target, mask, engine => _sinks.ForWindow(socket, window, message, engine));
    }

    /// <summary>The <c>WSAEnumNetworkEvents</c> of one event-object target: takes (and clears) what was recorded for it.</summary>
    public int EnumNetworkEvents(nint socket, nint eventObject, out NetworkEvents networkEvents)
    {
        networkEvents = NetworkEvents.None;
        if (!IsSocketHandle(socket))
        {
            return WinsockErrors.Fail(WinsockErrors.NotSocket);
        }

        var entry = InteropSocket.Find(socket);
        if (entry is null)
        {
            // No registration at all: nothing was recorded (native WSAEnumNetworkEvents reports none too).
            return WinsockErrors.Succeed();
        }

        Subscription? subscription;
        lock (entry)
        {
            entry.Targets.TryGetValue(new EventObjectTarget(eventObject), out subscription);
        }

        if (subscription is not null)
        {
            networkEvents = subscription.TakeEvents();
            subscription.Sink.OnTaken(subscription);
        }

        return WinsockErrors.Succeed();
    }

    /// <summary>
    /// The <c>closesocket</c> of a handle registered here: drops its registrations (the registry
    /// must forget a handle before the system can reuse it) and closes it.
    /// </summary>
    public int CloseSocket(nint socket)
    {
        if (!IsSocketHandle(socket))
        {
            return WinsockErrors.Fail(WinsockErrors.NotSocket);
        }

        var engine = SocketEngineRegistry.Find(socket);
        if (engine is not null)
        {
            var entry = InteropSocket.Of(engine);
            if (entry.AdoptedWrapper is null)
            {
                // A SharedSocket owns this handle and closes it with its last descriptor.
                return WinsockErrors.Fail(WinsockErrors.InvalidArgument);
            }

            Retire(socket, entry);
        }

        try
        {
            using var owned = new SafeSocketHandle(socket, ownsHandle: true);
            using var closing = new Socket(owned);
        }
        catch (SocketException exception)
        {
            return WinsockErrors.Fail((int)exception.SocketErrorCode);
        }

        return WinsockErrors.Succeed();
    }

    private static bool IsSocketHandle(nint socket) => socket != 0 && socket != -1;

    /// <summary>Masks with bits that are not <c>FD_*</c> events known here (for example <c>FD_QOS</c>) are refused.</summary>
    private static bool TryMask(long networkEvents, out NetworkEvents mask)
    {
        mask = (NetworkEvents)(int)networkEvents;
        return networkEvents >= 0 && networkEvents <= int.MaxValue && NetworkEventMasks.HasOnlyDefinedBits(mask);
    }

    private static int RemoveTargets(nint socket, Func<object, bool> matches)
    {
        var entry = InteropSocket.Find(socket);
        if (entry is null)
        {
            return WinsockErrors.Succeed();
        }

        var removed = new List<Subscription>();
        bool retire;
        lock (entry)
        {
            foreach (var (target, subscription) in entry.Targets)
            {
                if (matches(target))
                {
                    removed.Add(subscription);
                }
            }

            foreach (var subscription in removed)
            {
                entry.Targets.Remove(subscription.Owner!);
            }

            retire = entry.AdoptedWrapper is not null && entry.Targets.Count == 0 && !entry.IsRetired;
        }

        foreach (var subscription in removed)
        {
            subscription.Dispose();
        }

        if (retire)
        {
            Retire(socket, entry);
        }

        return WinsockErrors.Succeed();
    }

    private static void Retire(nint socket, InteropSocket entry)
    {
        lock (entry)
        {
            if (entry.IsRetired)
            {
                return;
            }

            entry.IsRetired = true;
            entry.Targets.Clear();
        }

        SocketEngineRegistry.Unregister(socket, entry.Engine);
        entry.Engine.Stop();

        // The wrapper does not own the handle: disposing it leaves the socket open for its owner.
        entry.AdoptedWrapper!.Dispose();
    }

    private static SocketEventEngine Adopt(nint socket)
    {
        var wrapper = new Socket(new SafeSocketHandle(socket, ownsHandle: false));
        try
        {
            // .NET wraps any handle; asking for the socket type is what fails for a non-socket. Whatever
            // error that gives (Wine answers WSAEOPNOTSUPP for a file handle), the answer is WSAENOTSOCK.
            try
            {
                wrapper.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Type);
            }
            catch (SocketException)
            {
                throw new SocketException(WinsockErrors.NotSocket);
            }

            // WSAEventSelect and WSAAsyncSelect put the socket in non-blocking mode; so does this.
            wrapper.Blocking = false;
        }
        catch (SocketException)
        {
            wrapper.Dispose();
            throw;
        }

        // The application receives, sends and accepts with its own native calls: the engine observes them.
        return InteropSocket.Adopted(new SocketEventEngine(wrapper, ReadinessReactor.Shared, observesForeignIo: true), wrapper);
    }

    private static int Register(nint socket, object target, NetworkEvents mask, Func<SocketEventEngine, EventSink> makeSink)
    {
        while (true)
        {
            InteropSocket entry;
            try
            {
                entry = InteropSocket.Of(SocketEngineRegistry.GetOrAdd(socket, Adopt));
            }
            catch (SocketException exception)
            {
                return WinsockErrors.Fail(exception.SocketErrorCode == SocketError.Success ? WinsockErrors.NotSocket : (int)exception.SocketErrorCode);
            }

            lock (entry)
            {
                if (entry.IsRetired)
                {
                    // Dropped by a concurrent removal of its last target: look the handle up again.
                    continue;
                }

                if (entry.Targets.TryGetValue(target, out var existing) && existing.IsActive)
                {
                    // Same target: a mask change, as re-issuing WSAEventSelect with the same event object.
                    existing.ChangeEvents(mask);
                    return WinsockErrors.Succeed();
                }

                EventSink sink;
                try
                {
                    sink = makeSink(entry.Engine);
                }
                catch (PlatformNotSupportedException) when (entry.AdoptedWrapper is not null && entry.Targets.Count == 0)
                {
                    // Nothing half-registered: a handle adopted for this call alone is let go again.
                    Retire(socket, entry);
                    throw;
                }

                var subscription = entry.Engine.Add(mask, sink, owner: target);
                if (subscription is null)
                {
                    // The socket was closed: a SharedSocket released its last reference.
                    return WinsockErrors.Fail(WinsockErrors.NotSocket);
                }

                entry.Targets[target] = subscription;
                return WinsockErrors.Succeed();
            }
        }
    }
}
