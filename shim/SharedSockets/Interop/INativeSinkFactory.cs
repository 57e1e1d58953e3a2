using SharedSockets.Engine;

namespace SharedSockets.Interop;

/// <summary>
/// Makes the sinks behind <see cref="SharedWinsock"/>'s targets. The Windows factory signals event
/// objects and posts window messages; tests substitute one that records, so the registry and the
/// fan-out engine run on any platform.
/// </summary>
internal interface INativeSinkFactory
{
    /// <summary>A sink that signals <paramref name="eventObject"/> when events are recorded.</summary>
    EventSink ForEventObject(nint socket, nint eventObject);

    /// <summary>A sink that posts <paramref name="message"/> to <paramref name="window"/>, one message per event.</summary>
    EventSink ForWindow(nint socket, nint window, uint message, SocketEventEngine engine);
}
