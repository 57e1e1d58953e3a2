namespace SharedSockets.Analyzers.Model;

/// <summary>The meaning of an argument of a recognised socket API.</summary>
internal enum ArgumentRole
{
    /// <summary>The socket (descriptor, handle or <c>Socket</c> instance) the call acts on.</summary>
    Socket,
    /// <summary>The event object of <c>WSAEventSelect</c>.</summary>
    EventObject,
    /// <summary>The window of <c>WSAAsyncSelect</c>.</summary>
    Window,
    /// <summary>The message of <c>WSAAsyncSelect</c>.</summary>
    Message,
    /// <summary>The <c>FD_*</c> network event mask.</summary>
    EventMask,
    /// <summary>The target process id of a duplication.</summary>
    ProcessId,
    /// <summary>A <c>WSAPROTOCOL_INFO</c> or <c>SocketInformation</c> (written by duplication, read by creation).</summary>
    ProtocolInfo,
    /// <summary>The option level (<c>SOL_SOCKET</c>, <c>SocketOptionLevel</c>).</summary>
    OptionLevel,
    /// <summary>The option name (<c>SO_*</c>, <c>SocketOptionName</c>, or a managed option property).</summary>
    OptionName,
    /// <summary>The option value, blocking flag or ioctl argument.</summary>
    Value,
    /// <summary>The ioctl command (<c>FIONBIO</c>, …).</summary>
    Command,
    /// <summary>A handle being wrapped or duplicated (<c>SafeSocketHandle</c>, <c>DuplicateHandle</c> source).</summary>
    Handle,
    /// <summary>The <c>ownsHandle</c> flag of <c>SafeSocketHandle</c>.</summary>
    OwnsHandle,
    /// <summary>The <c>how</c> of <c>shutdown</c>.</summary>
    How,
}
