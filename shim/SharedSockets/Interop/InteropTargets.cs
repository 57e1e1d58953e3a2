namespace SharedSockets.Interop;

/// <summary>A <c>WSAEventSelect</c> target: the event object is its identity.</summary>
internal readonly record struct EventObjectTarget(nint EventObject);

/// <summary>A <c>WSAAsyncSelect</c> target: the window and the message together are its identity.</summary>
internal readonly record struct WindowMessageTarget(nint Window, uint Message);
