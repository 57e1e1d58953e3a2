using System;
using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SharedSockets.Engine;

namespace SharedSockets;

/// <summary>
/// One thread's own handle to a <see cref="SharedSocket"/>: its I/O calls and its own event
/// subscriptions. Disposing it releases only this descriptor (and ends only its subscriptions and
/// pending calls); the socket closes when the last descriptor and the <see cref="SharedSocket"/> are disposed.
/// </summary>
/// <remarks>
/// Data is socket state: every descriptor sends into and receives from the same stream, so several
/// readers split the incoming bytes between them. Give each role its own descriptor and each
/// direction one owner, as the sample does (one reader thread, one writer thread).
/// </remarks>
public sealed class SocketDescriptor : IDisposable
{
    private readonly SharedSocket _shared;
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;

    internal SocketDescriptor(SharedSocket shared) => _shared = shared;

    /// <summary>The shared socket this descriptor belongs to.</summary>
    public SharedSocket Shared => _shared;

    /// <summary>The socket's options: the same view through every descriptor.</summary>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed.</exception>
    public SharedSocketOptions Options
    {
        get
        {
            ThrowIfDisposed();
            return _shared.Options;
        }
    }

    /// <summary>Whether this descriptor was disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    private SocketEventEngine Engine => _shared.Engine;

    private Socket Socket => _shared.Socket;

    /// <summary>
    /// Opens another descriptor of the same socket, for another thread: the in-process
    /// <c>WSADuplicateSocket</c>. It works after the <see cref="SharedSocket"/> object itself was
    /// disposed, since this descriptor keeps the socket open. Subscriptions are not copied.
    /// </summary>
    /// <returns>A new descriptor that must be disposed.</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed.</exception>
    public SocketDescriptor Duplicate()
    {
        ThrowIfDisposed();
        return _shared.OpenDescriptorFrom(this);
    }

    /// <summary>
    /// Calls <paramref name="callback"/> with the events of <paramref name="events"/> that occur, one
    /// call at a time, on the thread pool. Other subscriptions on the socket are untouched.
    /// </summary>
    /// <param name="events">The events to receive: at least one defined <see cref="NetworkEvents"/> flag.</param>
    /// <param name="callback">Receives the events that occurred since its last call (coalesced).</param>
    /// <returns>The subscription; dispose it to unsubscribe. A callback that throws ends its own subscription (see <see cref="Subscription.Fault"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="events"/> is <see cref="NetworkEvents.None"/> or has undefined bits.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed.</exception>
    public Subscription Subscribe(NetworkEvents events, Action<NetworkEvents> callback)
    {
        NetworkEventMasks.ThrowIfInvalidSubscriptionMask(events, nameof(events));
        ArgumentNullException.ThrowIfNull(callback);
        return AddSubscription(events, new CallbackSink(callback));
    }

    /// <summary>
    /// Signals <paramref name="handle"/> when any of <paramref name="events"/> occurs, as
    /// <c>WSAEventSelect</c> signals its event object; then <see cref="Subscription.TakeEvents"/> says which.
    /// Other subscriptions on the socket are untouched.
    /// </summary>
    /// <param name="events">The events to receive: at least one defined <see cref="NetworkEvents"/> flag.</param>
    /// <param name="handle">The handle to set. The subscription does not own it.</param>
    /// <returns>The subscription; dispose it to unsubscribe.</returns>
    /// <exception cref="ArgumentException"><paramref name="events"/> is <see cref="NetworkEvents.None"/> or has undefined bits.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed.</exception>
    public Subscription Subscribe(NetworkEvents events, EventWaitHandle handle)
    {
        NetworkEventMasks.ThrowIfInvalidSubscriptionMask(events, nameof(events));
        ArgumentNullException.ThrowIfNull(handle);
        return AddSubscription(events, new WaitHandleSink(handle));
    }

    /// <summary>
    /// Waits for the next of <paramref name="events"/>, or returns at once those that already hold
    /// (data waiting, socket writable, connection closed). Include <see cref="NetworkEvents.Close"/>
    /// when waiting for data, or a closed connection is waited for in vain.
    /// </summary>
    /// <param name="events">The events to wait for: at least one defined <see cref="NetworkEvents"/> flag.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The events that occurred (a subset of <paramref name="events"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="events"/> is <see cref="NetworkEvents.None"/> or has undefined bits.</exception>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also when that happens during the wait).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<NetworkEvents> WaitAsync(NetworkEvents events, CancellationToken cancellationToken = default)
    {
        NetworkEventMasks.ThrowIfInvalidSubscriptionMask(events, nameof(events));
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<NetworkEvents>(cancellationToken);
        }

        // Events that already hold complete the wait before its task is handed out (no continuation yet).
        var sink = new AwaiterSink();
        var subscription = AddSubscription(events, sink);
        sink.CancelWith(subscription, cancellationToken);
        return sink.HandOut();
    }

    /// <summary>Sends all of <paramref name="buffer"/>, waiting for buffer space as needed.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags">Send flags (for example <see cref="SocketFlags.OutOfBand"/>).</param>
    /// <returns>The number of bytes sent: all of them.</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also during the call).</exception>
    /// <exception cref="SocketException">The send failed, or the send side was shut down (<see cref="SocketError.Shutdown"/>).</exception>
    public int Send(ReadOnlySpan<byte> buffer, SocketFlags flags = SocketFlags.None)
    {
        using var scope = EnterOperation();
        ThrowIfSendShutdown();
        var sent = 0;
        while (sent < buffer.Length)
        {
            var count = Socket.Send(buffer[sent..], flags, out var error);
            if (error == SocketError.Success)
            {
                sent += count;
                continue;
            }

            if (error != SocketError.WouldBlock)
            {
                throw Failed(error);
            }

            // Winsock re-enables FD_WRITE after a send that met a full buffer; then the rest waits
            // on an asynchronous send, which this descriptor's disposal cancels.
            Engine.OnSendWouldBlock();
            var rest = buffer[sent..];
            var rented = ArrayPool<byte>.Shared.Rent(rest.Length);
            try
            {
                rest.CopyTo(rented);
                SendRestAsync(rented.AsMemory(0, rest.Length), flags, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            sent = buffer.Length;
        }

        return sent;
    }

    /// <summary>Sends all of <paramref name="buffer"/> asynchronously.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="cancellationToken">Cancels the send (bytes already handed to the system stay sent).</param>
    /// <returns>The number of bytes sent: all of them.</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also during the call).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="SocketException">The send failed, or the send side was shut down.</exception>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        SendAsync(buffer, SocketFlags.None, cancellationToken);

    /// <summary>Sends all of <paramref name="buffer"/> asynchronously, with flags.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags">Send flags.</param>
    /// <param name="cancellationToken">Cancels the send (bytes already handed to the system stay sent).</param>
    /// <returns>The number of bytes sent: all of them.</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also during the call).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="SocketException">The send failed, or the send side was shut down.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> buffer, SocketFlags flags, CancellationToken cancellationToken = default)
    {
        using var scope = EnterOperation();
        ThrowIfSendShutdown();
        var sent = Socket.Send(buffer.Span, flags, out var error);
        if (error == SocketError.WouldBlock)
        {
            sent = 0;
        }
        else if (error != SocketError.Success)
        {
            throw Failed(error);
        }

        if (sent < buffer.Length)
        {
            Engine.OnSendWouldBlock();
            await SendRestAsync(buffer[sent..], flags, cancellationToken).ConfigureAwait(false);
        }

        return buffer.Length;
    }

    /// <summary>Sends what fits without waiting: the non-blocking <c>send</c> of a Winsock event loop.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="bytesSent">How many were sent; may be fewer than offered.</param>
    /// <returns>
    /// False when the send buffer is full (<c>WSAEWOULDBLOCK</c>): nothing was sent, and
    /// <see cref="NetworkEvents.Write"/> is reported when space is available again.
    /// </returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed.</exception>
    /// <exception cref="SocketException">The send failed, or the send side was shut down.</exception>
    public bool TrySend(ReadOnlySpan<byte> buffer, out int bytesSent)
    {
        using var scope = EnterOperation();
        ThrowIfSendShutdown();
        bytesSent = 0;
        if (buffer.IsEmpty)
        {
            return true;
        }

        var count = Socket.Send(buffer, SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            Engine.OnSendWouldBlock();
            return false;
        }

        if (error != SocketError.Success)
        {
            throw Failed(error);
        }

        bytesSent = count;
        return true;
    }

    /// <summary>Receives into <paramref name="buffer"/>, waiting until data arrives or the stream ends.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="flags">Receive flags (for example <see cref="SocketFlags.OutOfBand"/> or <see cref="SocketFlags.Peek"/>).</param>
    /// <returns>The number of bytes received; 0 at the end of the stream (the peer closed).</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also while waiting: bytes already received are never dropped, the call just ends).</exception>
    /// <exception cref="SocketException">The receive failed (for example, the connection was reset).</exception>
    public int Receive(Span<byte> buffer, SocketFlags flags = SocketFlags.None)
    {
        using var scope = EnterOperation();
        var count = Socket.Receive(buffer, flags, out var error);
        if (error == SocketError.Success)
        {
            return Received(count, buffer.Length, flags);
        }

        if (error != SocketError.WouldBlock)
        {
            throw Failed(error);
        }

        // Nothing yet: wait with an asynchronous receive, which disposal of this descriptor cancels
        // without closing the socket that other descriptors still use.
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            count = ReceiveCoreAsync(rented.AsMemory(0, buffer.Length), flags, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, count).CopyTo(buffer);
            return count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Receives into <paramref name="buffer"/> asynchronously.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="cancellationToken">Cancels the wait; no byte is lost by cancelling.</param>
    /// <returns>The number of bytes received; 0 at the end of the stream.</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also during the call).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="SocketException">The receive failed.</exception>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    /// <summary>Receives into <paramref name="buffer"/> asynchronously, with flags.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="flags">Receive flags.</param>
    /// <param name="cancellationToken">Cancels the wait; no byte is lost by cancelling.</param>
    /// <returns>The number of bytes received; 0 at the end of the stream.</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also during the call).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="SocketException">The receive failed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, SocketFlags flags, CancellationToken cancellationToken = default)
    {
        using var scope = EnterOperation();
        return await ReceiveCoreAsync(buffer, flags, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Receives what is there without waiting: the non-blocking <c>recv</c> of a Winsock event loop.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="bytesReceived">How many were received; 0 at the end of the stream.</param>
    /// <returns>False when no data is waiting (<c>WSAEWOULDBLOCK</c>); <see cref="NetworkEvents.Read"/> is re-enabled either way.</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed.</exception>
    /// <exception cref="SocketException">The receive failed.</exception>
    public bool TryReceive(Span<byte> buffer, out int bytesReceived)
    {
        using var scope = EnterOperation();
        var count = Socket.Receive(buffer, SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            bytesReceived = 0;
            Engine.OnReceiveWouldBlock();
            return false;
        }

        if (error != SocketError.Success)
        {
            throw Failed(error);
        }

        bytesReceived = Received(count, buffer.Length, SocketFlags.None);
        return true;
    }

    /// <summary>Accepts a connection on a listening shared socket, waiting for one if needed; re-enables <see cref="NetworkEvents.Accept"/>.</summary>
    /// <returns>The accepted connection (share it with <c>new SharedSocket(accepted)</c> if threads must share it).</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also while waiting).</exception>
    /// <exception cref="SocketException">The accept failed (for example, the socket is not listening).</exception>
    public Socket Accept() => AcceptAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>Accepts a connection on a listening shared socket asynchronously; re-enables <see cref="NetworkEvents.Accept"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The accepted connection.</returns>
    /// <exception cref="ObjectDisposedException">This descriptor was disposed (also while waiting).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="SocketException">The accept failed.</exception>
    public async ValueTask<Socket> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var scope = EnterOperation();
        using var linked = Link(cancellationToken);
        try
        {
            var accepted = await Socket.AcceptAsync(linked?.Token ?? _lifetime.Token).ConfigureAwait(false);
            Engine.OnAccepted();
            return accepted;
        }
        catch (Exception exception) when (IsCancellation(exception))
        {
            throw CancellationOutcome(exception, cancellationToken);
        }
    }

    /// <summary>
    /// Releases this descriptor only: its subscriptions end, its pending calls end with
    /// <see cref="ObjectDisposedException"/>, and the socket closes if this was the last reference.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Cancelling takes this descriptor's pending calls out of the socket's queues (no byte they
        // did not return is consumed); other descriptors' calls go on.
        _lifetime.Cancel();
        Engine.RemoveOwnedBy(this, DetachReason.DescriptorDisposed);
        _shared.OnDescriptorDisposed();
    }

    private Subscription AddSubscription(NetworkEvents events, EventSink sink)
    {
        ThrowIfDisposed();
        var subscription = Engine.Add(events, sink, owner: this)
            ?? throw new ObjectDisposedException(nameof(SharedSocket), "The socket is closed.");

        // Disposal may have run between the check and the add, missing this subscription: end it
        // here, so that nothing stays registered on a disposed descriptor.
        if (IsDisposed)
        {
            Engine.Remove(subscription, DetachReason.DescriptorDisposed);
            ThrowIfDisposed();
        }

        return subscription;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveCoreAsync(Memory<byte> buffer, SocketFlags flags, CancellationToken cancellationToken)
    {
        using var linked = Link(cancellationToken);
        try
        {
            var count = await Socket.ReceiveAsync(buffer, flags, linked?.Token ?? _lifetime.Token).ConfigureAwait(false);
            return Received(count, buffer.Length, flags);
        }
        catch (Exception exception) when (IsCancellation(exception))
        {
            throw CancellationOutcome(exception, cancellationToken);
        }
        catch (SocketException exception)
        {
            Engine.OnFailed(exception.SocketErrorCode);
            throw;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendRestAsync(ReadOnlyMemory<byte> rest, SocketFlags flags, CancellationToken cancellationToken)
    {
        using var linked = Link(cancellationToken);
        try
        {
            while (!rest.IsEmpty)
            {
                var count = await Socket.SendAsync(rest, flags, linked?.Token ?? _lifetime.Token).ConfigureAwait(false);
                rest = rest[count..];
            }
        }
        catch (Exception exception) when (IsCancellation(exception))
        {
            throw CancellationOutcome(exception, cancellationToken);
        }
        catch (SocketException exception)
        {
            Engine.OnFailed(exception.SocketErrorCode);
            throw;
        }
    }

    /// <summary>A token source linking the caller's token with this descriptor's lifetime, or null when the caller's cannot cancel.</summary>
    private CancellationTokenSource? Link(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token)
            : null;

    private bool IsCancellation(Exception exception) =>
        exception is OperationCanceledException
        || (exception is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted } && IsDisposed)
        || (exception is ObjectDisposedException && IsDisposed);

    /// <summary>Disposal wins over the caller's token: the call ended because this descriptor went away.</summary>
    private Exception CancellationOutcome(Exception exception, CancellationToken cancellationToken)
    {
        if (IsDisposed)
        {
            return new ObjectDisposedException(nameof(SocketDescriptor), "The descriptor was disposed during the call.");
        }

        return cancellationToken.IsCancellationRequested
            ? new OperationCanceledException(exception.Message, exception, cancellationToken)
            : exception;
    }

    /// <summary>Reports a completed receive to the engine; a 0 after a connection reset becomes the reset error.</summary>
    private int Received(int count, int requested, SocketFlags flags)
    {
        var error = Engine.OnReceived(count, requested, flags);
        return error == SocketError.Success ? count : throw new SocketException((int)error);
    }

    private SocketException Failed(SocketError error)
    {
        Engine.OnFailed(error);
        return new SocketException((int)error);
    }

    private void ThrowIfSendShutdown()
    {
        if (_shared.IsSendShutdown)
        {
            throw new SocketException((int)SocketError.Shutdown);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    private OperationScope EnterOperation()
    {
        ThrowIfDisposed();
        if (!_shared.TryAddReference())
        {
            throw new ObjectDisposedException(nameof(SharedSocket), "The socket is closed.");
        }

        return new OperationScope(_shared);
    }

    /// <summary>Holds a reference on the socket for one call, so it cannot close under the call.</summary>
    private readonly struct OperationScope : IDisposable
    {
        private readonly SharedSocket _shared;

        public OperationScope(SharedSocket shared) => _shared = shared;

        public void Dispose() => _shared.ReleaseReference();
    }
}
