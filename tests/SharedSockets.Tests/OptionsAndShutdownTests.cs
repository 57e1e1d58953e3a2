using System.Net.Sockets;

namespace SharedSockets.Tests;

/// <summary>Options and shutdown are socket state, the same through every descriptor.</summary>
public sealed class OptionsAndShutdownTests
{
    [Fact]
    public void AnOptionSetThroughOneDescriptor_IsReadBackThroughAnother()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        var raw = local;
        using var shared = new SharedSocket(local);
        using var setter = shared.OpenDescriptor();
        using var reader = shared.OpenDescriptor();

        var initialNoDelay = reader.Options.NoDelay;
        setter.Options.NoDelay = !initialNoDelay;
        Assert.Equal(!initialNoDelay, reader.Options.NoDelay);

        setter.Options.KeepAlive = true;
        Assert.True(reader.Options.KeepAlive);

        setter.Options.LingerState = new LingerOption(true, 7);
        Assert.True(reader.Options.LingerState.Enabled);
        Assert.Equal(7, reader.Options.LingerState.LingerTime);

        setter.Options.SetOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer, 96 * 1024);
        var seen = (int)reader.Options.GetOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer)!;
        Assert.Equal(seen, reader.Options.ReceiveBufferSize);
        Assert.True(seen >= 96 * 1024, $"SO_RCVBUF read back as {seen}.");

        setter.Options.Ttl = 33;
        Assert.Equal(33, reader.Options.Ttl);

        // The system agrees: one socket, one set of options.
        Assert.Equal(seen, (int)raw.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer)!);
        Assert.Same(setter.Options, reader.Options);
    }

    [Fact]
    public void ShutdownOfTheSendSide_IsSeenByEveryDescriptor_AndByThePeer()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var first = shared.OpenDescriptor();
        using var second = shared.OpenDescriptor();
        first.Send("bye"u8);

        shared.Shutdown(SocketShutdown.Send);

        Assert.Equal(SocketError.Shutdown, Assert.Throws<SocketException>(() => first.Send("x"u8)).SocketErrorCode);
        Assert.Equal(SocketError.Shutdown, Assert.Throws<SocketException>(() => second.TrySend("x"u8, out _)).SocketErrorCode);
        Assert.Equal("bye"u8.ToArray(), Loopback.ReadToEnd(peerSocket));

        // The receive side still works for every descriptor.
        peerSocket.Send("back"u8);
        var buffer = new byte[4];
        var received = 0;
        while (received < 4)
        {
            received += second.Receive(buffer.AsSpan(received));
        }

        Assert.Equal("back"u8.ToArray(), buffer);
    }

    [Fact]
    public void ShutdownOfTheReceiveSide_ReportsCloseToEverySubscriber()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var first = shared.OpenDescriptor();
        using var second = shared.OpenDescriptor();
        var a = new EventRecorder();
        var b = new EventRecorder();
        using var s1 = first.Subscribe(NetworkEvents.Close, a.Record);
        using var s2 = second.Subscribe(NetworkEvents.Read | NetworkEvents.Close, b.Record);

        shared.Shutdown(SocketShutdown.Both);

        a.WaitFor(NetworkEvents.Close);
        b.WaitFor(NetworkEvents.Close);
        Assert.Equal(SocketError.Shutdown, shared.CloseError);
        if (OperatingSystem.IsWindows())
        {
            // Winsock refuses a receive after the receive side was shut down (WSAESHUTDOWN), where
            // Linux reports the end of the stream (docs/winsock-facts.md, F13).
            Assert.Equal(SocketError.Shutdown, Assert.Throws<SocketException>(() => first.Receive(new byte[4])).SocketErrorCode);
        }
        else
        {
            Assert.Equal(0, first.Receive(new byte[4]));
        }

        Assert.Throws<SocketException>(() => second.Send("x"u8));
    }

    [Fact]
    public void OptionsOfAClosedSocket_ThrowObjectDisposed()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        var shared = new SharedSocket(local);
        var options = shared.Options;
        shared.Dispose();

        Assert.Throws<ObjectDisposedException>(() => options.NoDelay);
        Assert.Throws<ObjectDisposedException>(() => options.SetOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true));
        Assert.Throws<ObjectDisposedException>(() => shared.Shutdown(SocketShutdown.Both));
    }
}
