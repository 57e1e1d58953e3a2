using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using SharedSockets.Engine;

namespace SharedSockets.Interop;

/// <summary>
/// The Windows adapter: signals Win32 event objects (<c>SetEvent</c>) and posts window messages
/// (<c>PostMessage</c>) like <c>WSAEventSelect</c>/<c>WSAAsyncSelect</c>. Elsewhere there are no
/// such objects, and it throws <see cref="PlatformNotSupportedException"/>.
/// </summary>
internal sealed class Win32SinkFactory : INativeSinkFactory
{
    public EventSink ForEventObject(nint socket, nint eventObject)
    {
        ThrowIfNotWindows();
        return new EventObjectSink(eventObject);
    }

    public EventSink ForWindow(nint socket, nint window, uint message, SocketEventEngine engine)
    {
        ThrowIfNotWindows();
        return new WindowMessageSink(socket, window, message, engine);
    }

    private static void ThrowIfNotWindows()
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "Win32 event objects and window messages exist only on Windows. Use SharedSocket and SocketDescriptor.Subscribe on other platforms.");
        }
    }

    private sealed class EventObjectSink : EventSink
    {
        private readonly nint _eventObject;

        public EventObjectSink(nint eventObject) => _eventObject = eventObject;

        public override void OnRecorded(Subscription subscription, DispatchThread thread)
        {
            if (!NativeMethods.SetEvent(_eventObject))
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError());
            }
        }

        // WSAEnumNetworkEvents resets the event object it is given.
        public override void OnTaken(Subscription subscription) => NativeMethods.ResetEvent(_eventObject);
    }

    private sealed class WindowMessageSink : EventSink
    {
        private readonly nint _socket;
        private readonly nint _window;
        private readonly uint _message;
        private readonly SocketEventEngine _engine;

        public WindowMessageSink(nint socket, nint window, uint message, SocketEventEngine engine)
        {
            _socket = socket;
            _window = window;
            _message = message;
            _engine = engine;
        }

        public override void OnRecorded(Subscription subscription, DispatchThread thread)
        {
            // WSAAsyncSelect posts one message per event: wParam is the socket, lParam is
            // WSAMAKESELECTREPLY(event, error).
            var events = subscription.TakeEvents();
            foreach (var single in WindowMessages.Split(events))
            {
                var error = single == NetworkEvents.Close ? (int)_engine.CloseError : 0;
                if (!NativeMethods.PostMessageW(_window, _message, _socket, WindowMessages.MakeSelectReply(single, error)))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
            }
        }
    }

    private static class NativeMethods
    {
        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool SetEvent(nint eventObject);

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool ResetEvent(nint eventObject);

        [DllImport("user32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool PostMessageW(nint window, uint message, nint wParam, nint lParam);
    }
}
