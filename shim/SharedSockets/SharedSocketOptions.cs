using System;
using System.Net.Sockets;

namespace SharedSockets;

/// <summary>
/// The options of a shared socket: one view for every descriptor. Options belong to the socket, not
/// to a descriptor (Winsock: "a setsockopt through one descriptor is visible through getsockopt from
/// any or all descriptors"), so what one thread sets here every other thread reads.
/// </summary>
/// <remarks>
/// The blocking mode is deliberately absent: it too is socket-wide, and the shim keeps the socket
/// non-blocking (as <c>WSAEventSelect</c> does) while descriptors offer blocking and non-blocking calls.
/// <c>SO_RCVTIMEO</c>/<c>SO_SNDTIMEO</c> do not bound descriptor calls; use a <see cref="System.Threading.CancellationToken"/>.
/// </remarks>
public sealed class SharedSocketOptions
{
    private readonly SharedSocket _owner;

    internal SharedSocketOptions(SharedSocket owner) => _owner = owner;

    /// <summary>Whether Nagle's algorithm is disabled (<c>TCP_NODELAY</c>).</summary>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public bool NoDelay
    {
        get => _owner.Use(static socket => socket.NoDelay);
        set => _owner.Use(value, static (socket, noDelay) => socket.NoDelay = noDelay);
    }

    /// <summary>Whether TCP keep-alive probes are sent (<c>SO_KEEPALIVE</c>).</summary>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public bool KeepAlive
    {
        get => _owner.Use(static socket => (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0);
        set => _owner.Use(value, static (socket, keepAlive) => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, keepAlive));
    }

    /// <summary>The receive buffer size in bytes (<c>SO_RCVBUF</c>; the system may adjust what is set).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public int ReceiveBufferSize
    {
        get => _owner.Use(static socket => socket.ReceiveBufferSize);
        set => _owner.Use(value, static (socket, size) => socket.ReceiveBufferSize = size);
    }

    /// <summary>The send buffer size in bytes (<c>SO_SNDBUF</c>; the system may adjust what is set).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public int SendBufferSize
    {
        get => _owner.Use(static socket => socket.SendBufferSize);
        set => _owner.Use(value, static (socket, size) => socket.SendBufferSize = size);
    }

    /// <summary>What closing the socket does with unsent data (<c>SO_LINGER</c>).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public LingerOption LingerState
    {
        get => _owner.Use(static socket => socket.LingerState!);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _owner.Use(value, static (socket, linger) => socket.LingerState = linger);
        }
    }

    /// <summary>The IP time-to-live of outgoing packets.</summary>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public short Ttl
    {
        get => _owner.Use(static socket => socket.Ttl);
        set => _owner.Use(value, static (socket, ttl) => socket.Ttl = ttl);
    }

    /// <summary>Reads any option, as <see cref="Socket.GetSocketOption(SocketOptionLevel, SocketOptionName)"/>.</summary>
    /// <param name="level">The option's level.</param>
    /// <param name="name">The option.</param>
    /// <returns>The value: an <see cref="int"/>, a <see cref="LingerOption"/>, a <see cref="MulticastOption"/> or a byte array.</returns>
    /// <exception cref="SocketException">The system refused the option.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public object? GetOption(SocketOptionLevel level, SocketOptionName name) =>
        _owner.Use((level, name), static (socket, option) => socket.GetSocketOption(option.level, option.name));

    /// <summary>Sets an integer option for every descriptor of the socket.</summary>
    /// <param name="level">The option's level.</param>
    /// <param name="name">The option.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="SocketException">The system refused the option.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public void SetOption(SocketOptionLevel level, SocketOptionName name, int value) =>
        _owner.Use((level, name, value), static (socket, option) => socket.SetSocketOption(option.level, option.name, option.value));

    /// <summary>Sets a Boolean option for every descriptor of the socket.</summary>
    /// <param name="level">The option's level.</param>
    /// <param name="name">The option.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="SocketException">The system refused the option.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public void SetOption(SocketOptionLevel level, SocketOptionName name, bool value) =>
        _owner.Use((level, name, value), static (socket, option) => socket.SetSocketOption(option.level, option.name, option.value));

    /// <summary>Sets an option given as raw bytes for every descriptor of the socket.</summary>
    /// <param name="level">The option's level.</param>
    /// <param name="name">The option.</param>
    /// <param name="value">The value's bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="SocketException">The system refused the option.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public void SetOption(SocketOptionLevel level, SocketOptionName name, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _owner.Use((level, name, value), static (socket, option) => socket.SetSocketOption(option.level, option.name, option.value));
    }
}
