using System.Collections.Concurrent;
using SharedSockets.Engine;
using SharedSockets.Interop;

namespace SharedSockets.Tests;

/// <summary>
/// Stands in for Win32 event objects and windows on this Linux machine, so the additive registry
/// and the fan-out engine behind <see cref="SharedWinsock"/> are tested on real sockets.
/// </summary>
internal sealed class RecordingSinkFactory : INativeSinkFactory
{
    private readonly ConcurrentDictionary<nint, ManualResetEventSlim> _eventObjects = new();

    /// <summary>Window messages posted, as (window, message, wParam, lParam).</summary>
    public ConcurrentQueue<(nint Window, uint Message, nint WParam, nint LParam)> Posted { get; } = new();

    /// <summary>The stand-in for event object <paramref name="handle"/>: set like SetEvent, reset like WSAEnumNetworkEvents.</summary>
    public ManualResetEventSlim EventObject(nint handle) => _eventObjects.GetOrAdd(handle, _ => new ManualResetEventSlim(false));

    public EventSink ForEventObject(nint socket, nint eventObject) => new EventObjectStandIn(EventObject(eventObject));

    public EventSink ForWindow(nint socket, nint window, uint message, SocketEventEngine engine) =>
        new WindowStandIn(this, socket, window, message, engine);

    /// <summary>Waits until a message with <paramref name="single"/> in the low word of lParam is posted to (window, message).</summary>
    public (nint WParam, int Error) WaitForMessage(nint window, uint message, NetworkEvents single)
    {
        var deadline = DateTime.UtcNow + Limits.Operation;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var posted in Posted)
            {
                if (posted.Window == window && posted.Message == message && (posted.LParam & 0xFFFF) == (int)single)
                {
                    return (posted.WParam, (int)(posted.LParam >> 16));
                }
            }

            Thread.Sleep(5);
        }

        Assert.Fail($"No {single} message was posted to window {window} with message {message}.");
        return default;
    }

    private sealed class EventObjectStandIn(ManualResetEventSlim signal) : EventSink
    {
        public override void OnRecorded(Subscription subscription, DispatchThread thread) => signal.Set();

        public override void OnTaken(Subscription subscription) => signal.Reset();
    }

    private sealed class WindowStandIn(RecordingSinkFactory owner, nint socket, nint window, uint message, SocketEventEngine engine) : EventSink
    {
        public override void OnRecorded(Subscription subscription, DispatchThread thread)
        {
            foreach (var single in WindowMessages.Split(subscription.TakeEvents()))
            {
                var error = single == NetworkEvents.Close ? (int)engine.CloseError : 0;
                owner.Posted.Enqueue((window, message, socket, WindowMessages.MakeSelectReply(single, error)));
            }
        }
    }
}
