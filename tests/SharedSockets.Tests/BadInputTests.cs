using System.Net.Sockets;

namespace SharedSockets.Tests;

/// <summary>Invalid masks, null sinks and disposed objects get the documented exceptions, and nothing is half-registered.</summary>
public sealed class BadInputTests
{
    public static TheoryData<int> InvalidMasks => new() { 0, 0x40, 0x100, 0x3F | 0x200, -1, int.MinValue };

    [Theory]
    [MemberData(nameof(InvalidMasks))]
    public void SubscribeAndWaitAndChangeEvents_RefuseInvalidMasks_WithArgumentException(int mask)
    {
        using var fixture = new SharedFixture();
        var events = (NetworkEvents)mask;
        using var handle = new AutoResetEvent(false);

        Assert.Equal("events", Assert.Throws<ArgumentException>(() => fixture.Descriptor.Subscribe(events, _ => { })).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => fixture.Descriptor.Subscribe(events, handle)).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => { _ = fixture.Descriptor.WaitAsync(events); }).ParamName);
        using var valid = fixture.Descriptor.Subscribe(NetworkEvents.Read, handle);
        Assert.Throws<ArgumentException>(() => valid.ChangeEvents(events));
        Assert.Equal(NetworkEvents.Read, valid.Events);
        Assert.Equal(1, fixture.Shared.Engine.SubscriptionCount);
    }

    [Fact]
    public void NullSinksAndNullSockets_ThrowArgumentNull()
    {
        using var fixture = new SharedFixture();
        Assert.Throws<ArgumentNullException>(() => fixture.Descriptor.Subscribe(NetworkEvents.Read, (Action<NetworkEvents>)null!));
        Assert.Throws<ArgumentNullException>(() => fixture.Descriptor.Subscribe(NetworkEvents.Read, (EventWaitHandle)null!));
        Assert.Throws<ArgumentNullException>(() => new SharedSocket(null!));
        Assert.Throws<ArgumentNullException>(() => fixture.Descriptor.Options.LingerState = null!);
        Assert.Equal(0, fixture.Shared.Engine.SubscriptionCount);
    }

    [Fact]
    public void AClosedOrAlreadySharedSocket_IsRefused()
    {
        var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Dispose();
        Assert.Throws<ArgumentException>(() => new SharedSocket(closed));

        using var fixture = new SharedFixture();
        Assert.Throws<ArgumentException>(() => new SharedSocket(fixture.Raw));
        Assert.False(fixture.Shared.IsClosed);
    }

    [Fact]
    public async Task ADisposedDescriptor_ThrowsObjectDisposed_ForEveryCall()
    {
        using var fixture = new SharedFixture();
        var descriptor = fixture.Shared.OpenDescriptor();
        descriptor.Dispose();

        Assert.True(descriptor.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => descriptor.Subscribe(NetworkEvents.Read, _ => { }));
        Assert.Throws<ObjectDisposedException>(() => { _ = descriptor.WaitAsync(NetworkEvents.Read); });
        Assert.Throws<ObjectDisposedException>(() => descriptor.Send("x"u8));
        Assert.Throws<ObjectDisposedException>(() => descriptor.Receive(new byte[1]));
        Assert.Throws<ObjectDisposedException>(() => descriptor.TrySend("x"u8, out _));
        Assert.Throws<ObjectDisposedException>(() => descriptor.TryReceive(new byte[1], out _));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => descriptor.SendAsync("x"u8.ToArray()).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => descriptor.ReceiveAsync(new byte[1]).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => descriptor.AcceptAsync().AsTask());
        Assert.Throws<ObjectDisposedException>(() => descriptor.Options);
        Assert.Equal(0, fixture.Shared.Engine.SubscriptionCount);
    }

    [Fact]
    public void ADisposedSharedSocket_RefusesNewDescriptors_AndEndedSubscriptionsRefuseChanges()
    {
        using var fixture = new SharedFixture();
        var subscription = fixture.Descriptor.Subscribe(NetworkEvents.Read, _ => { });
        subscription.Dispose();
        Assert.Throws<ObjectDisposedException>(() => subscription.ChangeEvents(NetworkEvents.Write));
        subscription.Dispose();

        fixture.Shared.Dispose();
        Assert.Throws<ObjectDisposedException>(() => fixture.Shared.OpenDescriptor());
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Descriptor.Shared.Shutdown((SocketShutdown)7));
    }

    [Fact]
    public async Task AnAlreadyCancelledToken_CancelsTheWaitWithoutRegistering()
    {
        using var fixture = new SharedFixture();
        var wait = fixture.Descriptor.WaitAsync(NetworkEvents.Read, new CancellationToken(canceled: true));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(0, fixture.Shared.Engine.SubscriptionCount);
    }

    /// <summary>A shared socket over a connected pair with one open descriptor.</summary>
    private sealed class SharedFixture : IDisposable
    {
        private readonly Socket _peer;

        public SharedFixture()
        {
            (Raw, _peer) = Loopback.TcpPair();
            Shared = new SharedSocket(Raw);
            Descriptor = Shared.OpenDescriptor();
        }

        public Socket Raw { get; }

        public SharedSocket Shared { get; }

        public SocketDescriptor Descriptor { get; }

        public void Dispose()
        {
            Descriptor.Dispose();
            Shared.Dispose();
            _peer.Dispose();
        }
    }
}
