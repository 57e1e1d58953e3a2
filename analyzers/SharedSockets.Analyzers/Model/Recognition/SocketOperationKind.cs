namespace SharedSockets.Analyzers.Model;

/// <summary>What a recognised socket API does, whatever its spelling or binding style.</summary>
internal enum SocketOperationKind
{
    /// <summary><c>WSAEventSelect</c>: associates an event object and a mask with the socket.</summary>
    EventSelect,
    /// <summary><c>WSAAsyncSelect</c>: associates a window, a message and a mask with the socket.</summary>
    AsyncSelect,
    /// <summary><c>WSADuplicateSocket</c>: fills a protocol info for another process.</summary>
    DuplicateSocket,
    /// <summary><c>Socket.DuplicateAndClose</c>: duplicates for another process and closes the local socket.</summary>
    DuplicateAndClose,
    /// <summary><c>socket</c>, <c>WSASocket</c>, <c>new Socket(...)</c>: a new descriptor (from a protocol info when one is passed).</summary>
    CreateSocket,
    /// <summary><c>accept</c>, <c>WSAAccept</c>, <c>Socket.Accept</c>: a new socket from a listener.</summary>
    Accept,
    /// <summary><c>new SafeSocketHandle(h, owns)</c>, <c>new Socket(SafeSocketHandle)</c>: another object over an existing descriptor.</summary>
    AdoptHandle,
    /// <summary><c>setsockopt</c>, <c>Socket.SetSocketOption</c>, option properties.</summary>
    SetOption,
    /// <summary><c>ioctlsocket</c>: commands such as <c>FIONBIO</c>.</summary>
    IoctlSocket,
    /// <summary><c>WSAIoctl</c>, <c>Socket.IOControl</c>.</summary>
    Ioctl,
    /// <summary><c>Socket.Blocking = …</c>.</summary>
    SetBlocking,
    /// <summary><c>shutdown</c>, <c>Socket.Shutdown</c>.</summary>
    Shutdown,
    /// <summary><c>Socket.Disconnect</c>: shuts the connection down for every holder.</summary>
    Disconnect,
    /// <summary><c>closesocket</c>, <c>Socket.Close</c>/<c>Dispose</c>: releases one descriptor.</summary>
    Close,
    /// <summary><c>DuplicateHandle</c> (kernel32): must never be applied to a socket.</summary>
    DuplicateHandle,
}
