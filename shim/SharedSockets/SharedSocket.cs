using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SharedSockets.Engine;

namespace SharedSockets;

/// <summary>
/// One socket shared by several threads, each through its own <see cref="SocketDescriptor"/>. This is
/// what duplicated Winsock descriptors are (all state held in common), made safe: every descriptor
/// keeps its own event subscriptions, options are one view, shutdown is explicit and socket-wide, and
/// the socket closes when the last reference is released.
/// </summary>
/// <remarks>
/// The <see cref="SharedSocket"/> itself holds one reference (like the original descriptor);
/// <see cref="Dispose"/> releases it, and the socket closes once every descriptor is disposed too.
/// The shim keeps the socket non-blocking, as <c>WSAEventSelect</c> does; do not use the
/// <see cref="System.Net.Sockets.Socket"/> directly after handing it over.
/// </remarks>
public sealed class SharedSocket : IDisposable
{
    private const int SendShutdown = 1;
    private const int ReceiveShutdown = 2;

    private readonly Socket _socket;
    private readonly nint _handle;
    private readonly SocketEventEngine _engine;
    private int _references = 1;
    private int _ownerReleased;
    private int _descriptorCount;
    private int _shutdown;

    /// <summary>Takes ownership of <paramref name="socket"/>: connected, listening, or not yet connected.</summary>
    /// <param name="socket">The socket to share. It is closed when the last reference is released.</param>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="socket"/> is closed, or already shared by another <see cref="SharedSocket"/>.</exception>
    public SharedSocket(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SafeHandle.IsInvalid || socket.SafeHandle.IsClosed)
        {
            throw new ArgumentException("The socket is closed.", nameof(socket));
        }

        _socket = socket;
        _handle = socket.Handle;
        _engine = new SocketEventEngine(socket, ReadinessReactor.Shared);
        if (!SocketEngineRegistry.TryRegister(_handle, _engine))
        {
            throw new ArgumentException(
                "The socket is already shared (by another SharedSocket, or through SharedWinsock). Share it once and open descriptors from that.",
                nameof(socket));
        }

        // Event notification needs a non-blocking socket, as WSAEventSelect forces it; descriptors
        // still offer blocking calls, which wait without holding the socket in a blocking call.
        socket.Blocking = false;
        Options = new SharedSocketOptions(this);
    }

    /// <summary>The socket's options, one view for every descriptor.</summary>
    public SharedSocketOptions Options { get; }

    /// <summary>Whether the socket is closed: this object and every descriptor were disposed.</summary>
    public bool IsClosed => Volatile.Read(ref _references) == 0;

    /// <summary>How many descriptors are open.</summary>
    public int DescriptorCount => Volatile.Read(ref _descriptorCount);

    /// <summary>Whether <see cref="NetworkEvents.Close"/> was reported: the peer closed or reset the connection, or its receive side was shut down.</summary>
    public bool IsConnectionClosed => Engine.IsClosed;

    /// <summary>Why the connection closed: <see cref="SocketError.Success"/> for a graceful close by the peer, <see cref="SocketError.Shutdown"/> after <see cref="Shutdown"/> of the receive side.</summary>
    public SocketError CloseError => Engine.CloseError;

    /// <summary>The native handle, for <see cref="Interop.SharedWinsock"/> calls that join this socket's subscriptions.</summary>
    public nint Handle => _handle;

    /// <summary>The socket type (stream, datagram, …).</summary>
    public SocketType SocketType => _socket.SocketType;

    /// <summary>The local end point.</summary>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public EndPoint? LocalEndPoint => Use(static socket => socket.LocalEndPoint);

    /// <summary>The remote end point, when connected.</summary>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public EndPoint? RemoteEndPoint => Use(static socket => socket.RemoteEndPoint);

    internal SocketEventEngine Engine => _engine;

    internal Socket Socket => _socket;

    internal bool IsSendShutdown => (Volatile.Read(ref _shutdown) & SendShutdown) != 0;

    /// <summary>Opens a new descriptor: another thread's own handle to this socket.</summary>
    /// <returns>A descriptor that must be disposed; the socket stays open until every descriptor is.</returns>
    /// <exception cref="ObjectDisposedException">This object was disposed, or the socket is closed.</exception>
    public SocketDescriptor OpenDescriptor()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _ownerReleased) != 0, this);
        if (!TryAddReference())
        {
            throw new ObjectDisposedException(nameof(SharedSocket), "The socket is closed.");
        }

        Interlocked.Increment(ref _descriptorCount);
        return new SocketDescriptor(this);
    }

    /// <summary>Opens a descriptor on behalf of a live one (<see cref="SocketDescriptor.Duplicate"/>).</summary>
    internal SocketDescriptor OpenDescriptorFrom(SocketDescriptor source)
    {
        // The source holds a reference, so this succeeds unless the source is being disposed concurrently.
        if (!TryAddReference())
        {
            throw new ObjectDisposedException(nameof(SocketDescriptor), "The descriptor was disposed.");
        }

        Interlocked.Increment(ref _descriptorCount);
        return new SocketDescriptor(this);
    }

    /// <summary>
    /// Shuts the socket down for every descriptor: after <see cref="SocketShutdown.Send"/> every
    /// descriptor's send fails and the peer sees the end of the stream; after
    /// <see cref="SocketShutdown.Receive"/> no more data is delivered and subscribers get
    /// <see cref="NetworkEvents.Close"/>. Unlike closing a descriptor, this is never per thread.
    /// </summary>
    /// <param name="how">Which directions to shut down.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="how"/> is not a defined value.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="SocketException">The system refused (for example, the socket is not connected).</exception>
    public void Shutdown(SocketShutdown how)
    {
        if (how is not (SocketShutdown.Send or SocketShutdown.Receive or SocketShutdown.Both))
        {
            throw new ArgumentOutOfRangeException(nameof(how), how, "Expected Send, Receive or Both.");
        }

        var receiveSide = how != SocketShutdown.Send;
        if (receiveSide)
        {
            Engine.NoteLocalReceiveShutdown(underWay: true);
        }

        try
        {
            Use(how, static (socket, direction) => socket.Shutdown(direction));
        }
        catch
        {
            if (receiveSide)
            {
                Engine.NoteLocalReceiveShutdown(underWay: false);
            }

            throw;
        }

        var flags = how switch
        {
            SocketShutdown.Send => SendShutdown,
            SocketShutdown.Receive => ReceiveShutdown,
            _ => SendShutdown | ReceiveShutdown,
        };
        Interlocked.Or(ref _shutdown, flags);
        if ((flags & ReceiveShutdown) != 0)
        {
            // Winsock posts nothing for a local shutdown; the shim reports it, because no descriptor
            // will receive data any more and readers are waiting for exactly that news.
            Engine.MarkClosed(SocketError.Shutdown);
        }
    }

    /// <summary>Connects the socket; subscribers get <see cref="NetworkEvents.Connect"/>, and <see cref="NetworkEvents.Write"/> when it succeeds.</summary>
    /// <param name="remoteEndPoint">Where to connect.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A task that completes when connected.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="remoteEndPoint"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="SocketException">The connect failed (subscribers still get <see cref="NetworkEvents.Connect"/>).</exception>
    public async Task ConnectAsync(EndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        if (!TryAddReference())
        {
            throw new ObjectDisposedException(nameof(SharedSocket), "The socket is closed.");
        }

        try
        {
            await _socket.ConnectAsync(remoteEndPoint, cancellationToken).ConfigureAwait(false);
            Engine.OnConnected(succeeded: true);
        }
        catch (SocketException)
        {
            Engine.OnConnected(succeeded: false);
            throw;
        }
        finally
        {
            ReleaseReference();
        }
    }

    /// <summary>Releases this object's reference; the socket closes when no descriptor is open either.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ownerReleased, 1) == 0)
        {
            ReleaseReference();
        }
    }

    /// <summary>Takes a reference for a descriptor or an operation in flight; false once the socket is closed.</summary>
    internal bool TryAddReference()
    {
        var references = Volatile.Read(ref _references);
        while (references > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, references + 1, references);
            if (seen == references)
            {
                return true;
            }

            references = seen;
        }

        return false;
    }

    /// <summary>Releases a reference; the last one closes the socket.</summary>
    internal void ReleaseReference()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Close();
        }
    }

    /// <summary>A descriptor was disposed: one descriptor fewer, one reference fewer.</summary>
    internal void OnDescriptorDisposed()
    {
        Interlocked.Decrement(ref _descriptorCount);
        ReleaseReference();
    }

    /// <summary>Runs <paramref name="action"/> on the socket while holding a reference.</summary>
    internal TResult Use<TResult>(Func<Socket, TResult> action)
    {
        if (!TryAddReference())
        {
            throw new ObjectDisposedException(nameof(SharedSocket), "The socket is closed.");
        }

        try
        {
            return action(_socket);
        }
        finally
        {
            ReleaseReference();
        }
    }

    /// <summary>Runs <paramref name="action"/> on the socket with <paramref name="state"/> while holding a reference.</summary>
    internal TResult Use<TState, TResult>(TState state, Func<Socket, TState, TResult> action) =>
        Use(socket => action(socket, state));

    /// <summary>Runs <paramref name="action"/> on the socket with <paramref name="state"/> while holding a reference.</summary>
    internal void Use<TState>(TState state, Action<Socket, TState> action) =>
        Use(socket =>
        {
            action(socket, state);
            return true;
        });

    private void Close()
    {
        // Stop first: nothing of ours may be pending when the socket closes, or .NET closes it
        // abortively and the peer sees a reset instead of the end of the stream.
        Engine.Stop();
        SocketEngineRegistry.Unregister(_handle, _engine);
        _socket.Dispose();
    }
}
