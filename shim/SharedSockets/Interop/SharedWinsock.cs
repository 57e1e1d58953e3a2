using System;
using System.Runtime.InteropServices;

namespace SharedSockets.Interop;

/// <summary>
/// Drop-ins for <c>WSAEventSelect</c> and <c>WSAAsyncSelect</c> with the native shapes and return
/// values, but ADDITIVE per target: the native calls cancel every earlier registration on the socket
/// (through any descriptor), so two roles cannot each get their own events; here each event object,
/// or each window and message, keeps its own mask. The same target updates its mask, mask 0 removes
/// that target only, and other targets are untouched.
/// </summary>
/// <remarks>
/// <para>Each socket handle maps to one engine, shared with a <see cref="SharedSocket"/> made over the
/// same socket, so managed subscribers and native targets fan out from one readiness registration.
/// As natively, registering puts the socket in non-blocking mode.</para>
/// <para>Event objects and windows exist only on Windows: registering one elsewhere throws
/// <see cref="PlatformNotSupportedException"/> (after the arguments are checked). Removing targets
/// works everywhere.</para>
/// <para>Read the recorded events with <see cref="WSAEnumNetworkEvents(nint, nint, out int)"/> from
/// this class (the native one does not see these registrations), and close an adopted handle with
/// <see cref="closesocket(nint)"/> (or remove its targets first) so the registry forgets it before the
/// system reuses the handle.</para>
/// </remarks>
public static class SharedWinsock
{
    /// <summary>The failure return value of Winsock calls.</summary>
    public const int SOCKET_ERROR = -1;

    private static readonly Lazy<EventSelectEmulator> s_emulator = new(() => new EventSelectEmulator(new Win32SinkFactory()));

    private static EventSelectEmulator Emulator => s_emulator.Value;

    /// <summary>Registers (or updates, or with mask 0 removes) the event object <paramref name="eventObject"/> as one target of <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket handle.</param>
    /// <param name="eventObject">A Win32 event object, signalled when one of <paramref name="networkEvents"/> occurs. <c>NULL</c> with mask 0 removes every event-object target of the socket (the native "clear").</param>
    /// <param name="networkEvents">The <c>FD_*</c> mask; 0 removes this target.</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why (<c>WSAENOTSOCK</c> 10038, <c>WSAEINVAL</c> 10022).</returns>
    /// <exception cref="PlatformNotSupportedException">A target is registered on a platform other than Windows.</exception>
    public static int WSAEventSelect(nint socket, nint eventObject, int networkEvents) =>
        Emulator.EventSelect(socket, eventObject, networkEvents);

    /// <summary>Registers (or updates, or with mask 0 removes) the event object <paramref name="eventObject"/> as one target of <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket handle.</param>
    /// <param name="eventObject">A Win32 event object.</param>
    /// <param name="networkEvents">The <c>FD_*</c> mask; 0 removes this target.</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why.</returns>
    /// <exception cref="PlatformNotSupportedException">A target is registered on a platform other than Windows.</exception>
    public static int WSAEventSelect(nint socket, nint eventObject, uint networkEvents) =>
        Emulator.EventSelect(socket, eventObject, networkEvents);

    /// <summary>Registers (or updates, or with mask 0 removes) the event object <paramref name="eventObject"/> as one target of <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket handle (a <c>SafeSocketHandle</c>, for example).</param>
    /// <param name="eventObject">A Win32 event object (for example <c>WaitHandle.SafeWaitHandle</c>).</param>
    /// <param name="networkEvents">The <c>FD_*</c> mask; 0 removes this target.</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why (a closed handle: <c>WSAENOTSOCK</c> or <c>WSAEINVAL</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> or <paramref name="eventObject"/> is null.</exception>
    /// <exception cref="PlatformNotSupportedException">A target is registered on a platform other than Windows.</exception>
    public static int WSAEventSelect(SafeHandle socket, SafeHandle eventObject, int networkEvents)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(eventObject);
        return WithHandle(eventObject, WinsockErrors.InvalidArgument, eventHandle => WSAEventSelect(socket, eventHandle, networkEvents));
    }

    /// <summary>Registers (or updates, or with mask 0 removes) the event object <paramref name="eventObject"/> as one target of <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket handle (a <c>SafeSocketHandle</c>, for example).</param>
    /// <param name="eventObject">A Win32 event object.</param>
    /// <param name="networkEvents">The <c>FD_*</c> mask; 0 removes this target.</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="PlatformNotSupportedException">A target is registered on a platform other than Windows.</exception>
    public static int WSAEventSelect(SafeHandle socket, nint eventObject, int networkEvents)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return WithHandle(socket, WinsockErrors.NotSocket, socketHandle => Emulator.EventSelect(socketHandle, eventObject, networkEvents));
    }

    /// <summary>Registers (or updates, or with mask 0 removes) the event object <paramref name="eventObject"/> as one target of <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket handle.</param>
    /// <param name="eventObject">A Win32 event object (for example <c>WaitHandle.SafeWaitHandle</c>).</param>
    /// <param name="networkEvents">The <c>FD_*</c> mask; 0 removes this target.</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="eventObject"/> is null.</exception>
    /// <exception cref="PlatformNotSupportedException">A target is registered on a platform other than Windows.</exception>
    public static int WSAEventSelect(nint socket, SafeHandle eventObject, int networkEvents)
    {
        ArgumentNullException.ThrowIfNull(eventObject);
        return WithHandle(eventObject, WinsockErrors.InvalidArgument, eventHandle => Emulator.EventSelect(socket, eventHandle, networkEvents));
    }

    /// <summary>Registers (or updates, or with mask 0 removes) the window message <paramref name="message"/> to <paramref name="window"/> as one target of <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket handle.</param>
    /// <param name="window">The window that receives the messages.</param>
    /// <param name="message">The message posted, one per event: <c>wParam</c> is the socket, <c>lParam</c> is <c>WSAMAKESELECTREPLY(event, error)</c>.</param>
    /// <param name="networkEvents">The <c>FD_*</c> mask; 0 removes this target, and 0 with message 0 removes every message of the window (the native "cancel").</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why (<c>WSAENOTSOCK</c> 10038, <c>WSAEINVAL</c> 10022).</returns>
    /// <exception cref="PlatformNotSupportedException">A target is registered on a platform other than Windows.</exception>
    public static int WSAAsyncSelect(nint socket, nint window, uint message, int networkEvents) =>
        Emulator.AsyncSelect(socket, window, message, networkEvents);

    /// <summary>Registers (or updates, or with mask 0 removes) the window message <paramref name="message"/> to <paramref name="window"/> as one target of <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket handle.</param>
    /// <param name="window">The window that receives the messages.</param>
    /// <param name="message">The message posted, one per event (as an <see cref="int"/>, like <c>WM_USER + n</c> constants).</param>
    /// <param name="networkEvents">The <c>FD_*</c> mask; 0 removes this target.</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why.</returns>
    /// <exception cref="PlatformNotSupportedException">A target is registered on a platform other than Windows.</exception>
    public static int WSAAsyncSelect(nint socket, nint window, int message, int networkEvents) =>
        Emulator.AsyncSelect(socket, window, unchecked((uint)message), networkEvents);

    /// <summary>Registers (or updates, or with mask 0 removes) the window message <paramref name="message"/> to <paramref name="window"/> as one target of <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket handle (a <c>SafeSocketHandle</c>, for example).</param>
    /// <param name="window">The window that receives the messages.</param>
    /// <param name="message">The message posted, one per event.</param>
    /// <param name="networkEvents">The <c>FD_*</c> mask; 0 removes this target.</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="PlatformNotSupportedException">A target is registered on a platform other than Windows.</exception>
    public static int WSAAsyncSelect(SafeHandle socket, nint window, uint message, int networkEvents)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return WithHandle(socket, WinsockErrors.NotSocket, socketHandle => Emulator.AsyncSelect(socketHandle, window, message, networkEvents));
    }

    /// <summary>
    /// The <c>WSAEnumNetworkEvents</c> of a target registered here: returns the events recorded for
    /// <paramref name="eventObject"/> since the last call, clears them, and (on Windows) resets the event object.
    /// </summary>
    /// <param name="socket">The socket handle.</param>
    /// <param name="eventObject">The event object registered with <see cref="WSAEventSelect(nint, nint, int)"/>.</param>
    /// <param name="networkEvents">The recorded <c>FD_*</c> events (0 when none, or when the target is not registered).</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why.</returns>
    public static int WSAEnumNetworkEvents(nint socket, nint eventObject, out int networkEvents)
    {
        var result = Emulator.EnumNetworkEvents(socket, eventObject, out var events);
        networkEvents = (int)events;
        return result;
    }

    /// <summary>
    /// Closes a socket handle registered here: drops its targets and its registry entry, then closes
    /// the handle, as <c>closesocket</c> does. A handle owned by a <see cref="SharedSocket"/> is refused
    /// (<c>WSAEINVAL</c>): dispose the <see cref="SharedSocket"/> and its descriptors instead.
    /// </summary>
    /// <param name="socket">The socket handle.</param>
    /// <returns>0, or <see cref="SOCKET_ERROR"/>; then <see cref="WSAGetLastError"/> says why.</returns>
#pragma warning disable IDE1006 // The native name, so a call can be rewritten in place.
    public static int closesocket(nint socket) => Emulator.CloseSocket(socket);
#pragma warning restore IDE1006

    /// <summary>The error of the last failing call of this class on this thread (Winsock codes, such as <c>WSAEINVAL</c> 10022 or <c>WSAENOTSOCK</c> 10038); 0 after a success.</summary>
    /// <returns>The error code.</returns>
    public static int WSAGetLastError() => WinsockErrors.LastError;

    private static int WithHandle(SafeHandle handle, int errorWhenClosed, Func<nint, int> call)
    {
        if (handle.IsClosed || handle.IsInvalid)
        {
            return WinsockErrors.Fail(errorWhenClosed);
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return call(handle.DangerousGetHandle());
        }
        catch (ObjectDisposedException)
        {
            return WinsockErrors.Fail(errorWhenClosed);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
