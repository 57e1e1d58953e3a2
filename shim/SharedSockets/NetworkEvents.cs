using System;

namespace SharedSockets;

/// <summary>Network events, with the values of Winsock's <c>FD_*</c> flags.</summary>
[Flags]
public enum NetworkEvents
{
    /// <summary>No event.</summary>
    None = 0,
    /// <summary><c>FD_READ</c>: data can be received.</summary>
    Read = 0x01,
    /// <summary><c>FD_WRITE</c>: data can be sent.</summary>
    Write = 0x02,
    /// <summary><c>FD_OOB</c>: out-of-band data can be received.</summary>
    Oob = 0x04,
    /// <summary><c>FD_ACCEPT</c>: a connection can be accepted.</summary>
    Accept = 0x08,
    /// <summary><c>FD_CONNECT</c>: a connect has completed.</summary>
    Connect = 0x10,
    /// <summary><c>FD_CLOSE</c>: the peer closed the connection.</summary>
    Close = 0x20,
}
