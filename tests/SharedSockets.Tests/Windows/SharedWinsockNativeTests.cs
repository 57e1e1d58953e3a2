using SharedSockets.Testing.Native;
using System.Net.Sockets;
using System.Text;
using SharedSockets.Interop;

namespace SharedSockets.Tests.Windows;

/// <summary>
/// SharedWinsock's native half on a real Winsock: Win32 event objects signalled, messages posted to a
/// real (message-only) window, the application's own recv beside the shim, and the error returns.
/// Compiled into the win-x64 build only.
/// </summary>
public sealed class SharedWinsockNativeTests
{
    private const int FD_READ = 0x01;
    private const int FD_WRITE = 0x02;
    private const int FD_CLOSE = 0x20;
    private const int FD_QOS = 0x40;
    private const int WSAEINVAL = 10022;
    private const int WSAENOTSOCK = 10038;

    [Fact]
    public void TwoEventObjectsOnOneSocket_AreBothSignalled_AndEnumeratingResetsEachEvent()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        using ManualResetEvent reader = new(false), auditor = new(false);

        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(reader), FD_READ | FD_CLOSE));
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(auditor), FD_READ));
        peer.Send("x"u8);

        Limits.WaitOrFail(reader, "the first event object");
        Limits.WaitOrFail(auditor, "the second event object");
        Assert.Equal(0, SharedWinsock.WSAEnumNetworkEvents(local.Handle, Handle(reader), out var events));
        Assert.Equal(FD_READ, events);
        Assert.False(reader.WaitOne(0), "WSAEnumNetworkEvents must reset the event object it is given.");
        Assert.True(auditor.WaitOne(0), "Enumerating one target must leave the other's event set.");
        Assert.Equal(0, SharedWinsock.WSAEnumNetworkEvents(local.Handle, Handle(auditor), out events));
        Assert.Equal(FD_READ, events);
        Assert.False(auditor.WaitOne(0));

        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, 0, 0));
    }

    [Fact]
    public void TheSameEventObject_WithANewMask_UpdatesItsRegistration()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        using var signal = new ManualResetEvent(false);

        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(signal), FD_CLOSE));
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(signal), FD_READ));
        peer.Send("x"u8);

        Limits.WaitOrFail(signal, "FD_READ under the updated mask");
        Assert.Equal(0, SharedWinsock.WSAEnumNetworkEvents(local.Handle, Handle(signal), out var events));
        Assert.Equal(FD_READ, events);
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(signal), 0));
    }

    [Fact]
    public void MaskZero_RemovesOnlyThatEventObject()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        using ManualResetEvent removed = new(false), kept = new(false);
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(removed), FD_READ));
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(kept), FD_READ));

        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(removed), 0));
        peer.Send("x"u8);

        Limits.WaitOrFail(kept, "the event object that stayed registered");
        Assert.False(removed.WaitOne(Limits.Quiet), "A removed event object was signalled.");
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(kept), 0));
    }

    [Fact]
    public void WindowTargets_GetOneMessagePerEvent_WithTheSocketAndWsaMakeSelectReply()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        using var window = new MessageOnlyWindow();
        const uint readMessage = 0x401, writeMessage = 0x402;

        Assert.Equal(0, SharedWinsock.WSAAsyncSelect(local.Handle, window.Handle, readMessage, FD_READ | FD_CLOSE));
        Assert.Equal(0, SharedWinsock.WSAAsyncSelect(local.Handle, window.Handle, writeMessage, FD_WRITE));

        // A connected socket is writable at once: FD_WRITE, lParam WSAMAKESELECTREPLY(FD_WRITE, 0).
        var writes = window.Collect(writeMessage, Limits.Operation, found => found.Count > 0);
        Assert.Equal((local.Handle, (nint)FD_WRITE), writes[0]);

        peer.Send("ping"u8);
        var reads = window.Collect(readMessage, Limits.Operation, found => found.Count > 0);
        reads.AddRange(window.Collect(readMessage, Limits.Quiet));

        // One event a message, never combined bits. (While data waits unread the shim repeats FD_READ,
        // by design: it cannot see the application's own recv; see ForeignIoObserver.RepeatInterval.)
        Assert.NotEmpty(reads);
        Assert.All(reads, message => Assert.Equal((local.Handle, (nint)FD_READ), message));
        Assert.All(window.Collect(writeMessage, Limits.Quiet), message => Assert.Equal((local.Handle, (nint)FD_WRITE), message));

        var buffer = new byte[4];
        Assert.Equal(4, local.Receive(buffer));
        Assert.Equal("ping", Encoding.ASCII.GetString(buffer));
        peer.Shutdown(SocketShutdown.Send);
        var closes = window.Collect(readMessage, Limits.Operation, found => found.Any(m => m.LParam == FD_CLOSE));
        closes.AddRange(window.Collect(readMessage, Limits.Quiet));

        // FD_CLOSE is posted once, with WSAMAKESELECTREPLY(FD_CLOSE, 0) for a graceful close.
        Assert.Single(closes, message => message.LParam == FD_CLOSE);
        Assert.All(closes, message => Assert.Equal(local.Handle, message.WParam));

        Assert.Equal(0, SharedWinsock.WSAAsyncSelect(local.Handle, window.Handle, 0, 0));
    }

    [Fact]
    public void ASocketTheApplicationReadsWithItsOwnRecv_LosesNoByteAndNoWakeUp()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        using var signal = new ManualResetEvent(false);
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(signal), FD_READ));

        var received = new StringBuilder();
        var buffer = new byte[64];
        for (var round = 0; round < 30; round++)
        {
            var message = $"m{round:D2};";
            peer.Send(Encoding.ASCII.GetBytes(message));
            Limits.WaitOrFail(signal, $"FD_READ for message {round}");
            Assert.Equal(0, SharedWinsock.WSAEnumNetworkEvents(local.Handle, Handle(signal), out var events));
            Assert.Equal(FD_READ, events);

            // The application's own recv (the socket is non-blocking, as WSAEventSelect leaves it).
            var count = NativeSockets.recv(local.Handle, buffer, buffer.Length, 0);
            Assert.True(count > 0, $"recv failed with {NativeSockets.WSAGetLastError()} in round {round}.");
            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
            while (received.Length < (round + 1) * 4)
            {
                Limits.WaitOrFail(signal, $"the rest of message {round}");
                SharedWinsock.WSAEnumNetworkEvents(local.Handle, Handle(signal), out _);
                count = NativeSockets.recv(local.Handle, buffer, buffer.Length, 0);
                if (count > 0)
                {
                    received.Append(Encoding.ASCII.GetString(buffer, 0, count));
                }
            }
        }

        Assert.Equal(string.Concat(Enumerable.Range(0, 30).Select(round => $"m{round:D2};")), received.ToString());
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(signal), 0));
    }

    [Fact]
    public async Task ASocketDotNetAlreadyUsesAsynchronously_KeepsItsBytes_AndTheEventObjectIsSignalled()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        var buffer = new byte[16];

        // .NET has bound the handle to its completion port before the native registration comes.
        var first = local.ReceiveAsync(buffer, SocketFlags.None);
        peer.Send("hello"u8);
        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, await first.WithinLimit("the first async receive")));

        using var signal = new ManualResetEvent(false);
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(signal), FD_READ));
        peer.Send("world"u8);
        Limits.WaitOrFail(signal, "FD_READ on a socket .NET reads asynchronously");
        var second = await local.ReceiveAsync(buffer, SocketFlags.None).WithinLimit("the second async receive");
        Assert.Equal("world", Encoding.ASCII.GetString(buffer, 0, second));
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, Handle(signal), 0));
    }

    [Fact]
    public void CloseSocket_DropsTheTargets_AndClosesTheDescriptor()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var signal = new ManualResetEvent(false);
        var handle = local.SafeHandle.DangerousGetHandle();
        Assert.Equal(0, SharedWinsock.WSAEventSelect(handle, Handle(signal), FD_READ));

        // The handle now belongs to the native-style code (.NET must not close it again): close it
        // through the drop-in, and the peer sees the end of the stream.
        local.SafeHandle.SetHandleAsInvalid();
        Assert.Equal(0, SharedWinsock.closesocket(handle));

        Assert.Equal(0, peer.Receive(new byte[1]));
        Assert.False(signal.WaitOne(Limits.Quiet), "A closed descriptor's event object was signalled.");
    }

    [Fact]
    public void BadHandlesAndMasks_ReturnSocketError_WithWsaeNotSockOrWsaeInval()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        using var signal = new ManualResetEvent(false);
        var path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            Assert.Equal(SharedWinsock.SOCKET_ERROR, SharedWinsock.WSAEventSelect(file.DangerousGetHandle(), Handle(signal), FD_READ));
            Assert.Equal(WSAENOTSOCK, SharedWinsock.WSAGetLastError());
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(SharedWinsock.SOCKET_ERROR, SharedWinsock.WSAEventSelect(0, Handle(signal), FD_READ));
        Assert.Equal(WSAENOTSOCK, SharedWinsock.WSAGetLastError());
        Assert.Equal(SharedWinsock.SOCKET_ERROR, SharedWinsock.WSAEventSelect(local.Handle, Handle(signal), FD_READ | FD_QOS));
        Assert.Equal(WSAEINVAL, SharedWinsock.WSAGetLastError());
        Assert.Equal(SharedWinsock.SOCKET_ERROR, SharedWinsock.WSAAsyncSelect(local.Handle, 0, 0x401, FD_READ));
        Assert.Equal(WSAEINVAL, SharedWinsock.WSAGetLastError());

        peer.Send("x"u8);
        Assert.False(signal.WaitOne(Limits.Quiet), "A refused registration was made anyway.");
    }

    private static nint Handle(WaitHandle signal) => signal.SafeWaitHandle.DangerousGetHandle();
}
