using System.Net.Sockets;
using System.Runtime.InteropServices;
using SharedSockets.Engine;
using SharedSockets.Interop;

namespace SharedSockets.Tests;

/// <summary>
/// The additive WSAEventSelect/WSAAsyncSelect drop-ins: the registry and engine on real loopback
/// sockets (with stand-in event objects and windows), and the public facade's behaviour off Windows.
/// </summary>
public sealed class SharedWinsockTests
{
    private const int FD_READ = 0x01;
    private const int FD_WRITE = 0x02;
    private const int FD_OOB = 0x04;
    private const int FD_CLOSE = 0x20;
    private const int FD_QOS = 0x40;
    private const int WSAEINVAL = 10022;
    private const int WSAENOTSOCK = 10038;

    private readonly RecordingSinkFactory _targets = new();
    private readonly EventSelectEmulator _winsock;

    public SharedWinsockTests() => _winsock = new EventSelectEmulator(_targets);

    [Fact]
    public void TwoEventObjectsOnOneSocket_BothGetTheirEvents_TheSecondDoesNotCancelTheFirst()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        nint readEvent = 101, writeEvent = 102;

        Assert.Equal(0, _winsock.EventSelect(local.Handle, readEvent, FD_READ | FD_CLOSE));
        Assert.Equal(0, _winsock.EventSelect(local.Handle, writeEvent, FD_WRITE));
        peerSocket.Send("x"u8);

        Assert.True(_targets.EventObject(readEvent).Wait(Limits.Operation));
        Assert.True(_targets.EventObject(writeEvent).Wait(Limits.Operation));
        Assert.Equal(0, _winsock.EnumNetworkEvents(local.Handle, readEvent, out var readEvents));
        Assert.Equal(0, _winsock.EnumNetworkEvents(local.Handle, writeEvent, out var writeEvents));
        Assert.Equal(NetworkEvents.Read, readEvents);
        Assert.Equal(NetworkEvents.Write, writeEvents);
        Assert.False(_targets.EventObject(readEvent).IsSet);

        peerSocket.Shutdown(SocketShutdown.Send);
        local.Receive(new byte[1]);
        Assert.True(_targets.EventObject(readEvent).Wait(Limits.Operation));
        _winsock.EnumNetworkEvents(local.Handle, readEvent, out readEvents);
        Assert.Equal(NetworkEvents.Close, readEvents & NetworkEvents.Close);

        Assert.Equal(0, _winsock.EventSelect(local.Handle, 0, 0));
    }

    [Fact]
    public void ANativeStyleWriter_SendingUntilWouldBlockWithItsOwnCalls_GetsWriteAgainWhenSpaceFrees()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        nint writeEvent = 151;
        var signal = _targets.EventObject(writeEvent);
        Assert.Equal(0, _winsock.EventSelect(local.Handle, writeEvent, FD_WRITE));
        Assert.True(signal.Wait(Limits.Operation));
        _winsock.EnumNetworkEvents(local.Handle, writeEvent, out var events);
        Assert.Equal(NetworkEvents.Write, events);

        // The registration made the socket non-blocking, as WSAEventSelect does: the application's
        // own sends (not the shim's) run into WSAEWOULDBLOCK. (The managed Socket object must be told;
        // it reports EAGAIN on a socket it believes blocking as a time-out.)
        local.Blocking = false;
        var chunk = new byte[256 * 1024];
        long sent = 0;
        SocketError error;
        var deadline = DateTime.UtcNow + Limits.Operation;
        do
        {
            sent += Math.Max(0, local.Send(chunk, 0, chunk.Length, SocketFlags.None, out error));
            Assert.True(DateTime.UtcNow < deadline, "The send buffer never filled.");
        }
        while (error == SocketError.Success);
        Assert.Equal(SocketError.WouldBlock, error);

        // The shim cannot see the application's native send: it may repeat FD_WRITE (harmless), but
        // it must not leave the application waiting once space frees.
        _winsock.EnumNetworkEvents(local.Handle, writeEvent, out _);

        var drain = new Thread(() =>
        {
            var buffer = new byte[256 * 1024];
            long read = 0;
            while (read < sent)
            {
                read += peerSocket.Receive(buffer);
            }
        });
        drain.Start();
        Assert.True(signal.Wait(Limits.Operation), "No FD_WRITE after the would-block send.");
        _winsock.EnumNetworkEvents(local.Handle, writeEvent, out events);
        Assert.Equal(NetworkEvents.Write, events);
        Assert.True(drain.Join(Limits.Operation));
        Assert.Equal(0, _winsock.EventSelect(local.Handle, writeEvent, 0));
    }

    [Fact]
    public void ANativeStyleReader_ReceivingFixedSizeMessagesWithItsOwnCalls_IsNeverLeftWithoutRead()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        nint readEvent = 161;
        var signal = _targets.EventObject(readEvent);
        Assert.Equal(0, _winsock.EventSelect(local.Handle, readEvent, FD_READ));
        local.Blocking = false;

        // Request/response with fixed-size messages: after each native recv the next message of the
        // same size may already be there, so the amount waiting looks unchanged.
        var message = new byte[64];
        for (var round = 0; round < 20; round++)
        {
            peerSocket.Send(message);
            Assert.True(signal.Wait(Limits.Operation), $"No FD_READ for message {round}.");
            _winsock.EnumNetworkEvents(local.Handle, readEvent, out var events);
            Assert.Equal(NetworkEvents.Read, events);
            var received = 0;
            while (received < message.Length)
            {
                var count = local.Receive(message, received, message.Length - received, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    Thread.Sleep(1);
                    continue;
                }

                received += count;
            }
        }

        Assert.Equal(0, _winsock.EventSelect(local.Handle, readEvent, 0));
    }

    [Fact]
    public void TheSameEventObject_UpdatesItsMask_InsteadOfAddingARegistration()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        nint signal = 201;

        Assert.Equal(0, _winsock.EventSelect(local.Handle, signal, FD_OOB));
        Assert.Equal(0, _winsock.EventSelect(local.Handle, signal, FD_READ));
        var entry = InteropSocket.Find(local.Handle)!;
        Assert.Single(entry.Targets);
        Assert.Equal(1, entry.Engine.SubscriptionCount);

        peerSocket.Send("x"u8);
        Assert.True(_targets.EventObject(signal).Wait(Limits.Operation));
        _winsock.EnumNetworkEvents(local.Handle, signal, out var events);
        Assert.Equal(NetworkEvents.Read, events);

        Assert.Equal(0, _winsock.EventSelect(local.Handle, signal, 0));
    }

    [Fact]
    public void MaskZero_RemovesOnlyThatTarget_AndTheLastRemovalForgetsTheHandle_LeavingTheSocketOpen()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        nint kept = 301, removed = 302;
        Assert.Equal(0, _winsock.EventSelect(local.Handle, kept, FD_READ));
        Assert.Equal(0, _winsock.EventSelect(local.Handle, removed, FD_READ));

        Assert.Equal(0, _winsock.EventSelect(local.Handle, removed, 0));
        peerSocket.Send("x"u8);
        Assert.True(_targets.EventObject(kept).Wait(Limits.Operation));
        Assert.False(_targets.EventObject(removed).Wait(Limits.Quiet));

        Assert.Equal(0, _winsock.EventSelect(local.Handle, kept, 0));
        Assert.Null(SocketEngineRegistry.Find(local.Handle));

        // The registry never owned the handle: the socket still works for its owner.
        var buffer = new byte[1];
        Assert.True(local.Poll((int)Limits.Operation.TotalMicroseconds, SelectMode.SelectRead));
        Assert.Equal(1, local.Receive(buffer));
        localSocket.Send("y"u8);
        Assert.Equal(1, peerSocket.Receive(buffer));
    }

    [Fact]
    public void NullEventWithMaskZero_ClearsEveryEventObjectTarget_ButNotWindows()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        nint window = 0x5000;
        Assert.Equal(0, _winsock.EventSelect(local.Handle, 401, FD_READ));
        Assert.Equal(0, _winsock.EventSelect(local.Handle, 402, FD_CLOSE));
        Assert.Equal(0, _winsock.AsyncSelect(local.Handle, window, 0x401, FD_READ));

        Assert.Equal(0, _winsock.EventSelect(local.Handle, 0, 0));

        var entry = InteropSocket.Find(local.Handle)!;
        Assert.Equal([new WindowMessageTarget(window, 0x401)], entry.Targets.Keys.ToArray());
        peerSocket.Send("x"u8);
        _targets.WaitForMessage(window, 0x401, NetworkEvents.Read);
        Assert.False(_targets.EventObject(401).IsSet);

        Assert.Equal(0, _winsock.AsyncSelect(local.Handle, window, 0, 0));
        Assert.Null(SocketEngineRegistry.Find(local.Handle));
    }

    [Fact]
    [Trait(WineTraits.Name, WineTraits.ResetReportedWithoutError)]
    public void WindowTargets_AreWindowAndMessage_EachEventPostedWithTheSocketAndWsaMakeSelectReply()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peer1 = peer;
        nint window = 0x6000;
        Assert.Equal(0, _winsock.AsyncSelect(local.Handle, window, 0x401, FD_READ | FD_CLOSE));
        Assert.Equal(0, _winsock.AsyncSelect(local.Handle, window, 0x402, FD_WRITE));

        var (wParam, error) = _targets.WaitForMessage(window, 0x402, NetworkEvents.Write);
        Assert.Equal(local.Handle, wParam);
        Assert.Equal(0, error);

        peer.LingerState = new LingerOption(true, 0);
        peer.Dispose();
        (wParam, error) = _targets.WaitForMessage(window, 0x401, NetworkEvents.Close);
        Assert.Equal(local.Handle, wParam);
        Assert.Equal((int)SocketError.ConnectionReset, error);

        Assert.Equal(0, _winsock.AsyncSelect(local.Handle, window, 0, 0));
        Assert.Null(SocketEngineRegistry.Find(local.Handle));
    }

    [Fact]
    public void AHandleSharedThroughSharedSocket_JoinsItsEngine_ManagedAndNativeSubscribersBothGetEvents()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        var managed = new EventRecorder();
        using var subscription = descriptor.Subscribe(NetworkEvents.Read, managed.Record);
        nint nativeEvent = 501;

        Assert.Equal(0, _winsock.EventSelect(shared.Handle, nativeEvent, FD_READ));
        Assert.Equal(2, shared.Engine.SubscriptionCount);
        peerSocket.Send("x"u8);

        managed.WaitFor(NetworkEvents.Read);
        Assert.True(_targets.EventObject(nativeEvent).Wait(Limits.Operation));

        // closesocket is refused for a handle the SharedSocket owns; removing the target is fine.
        Assert.Equal(SharedWinsock.SOCKET_ERROR, _winsock.CloseSocket(shared.Handle));
        Assert.Equal(WSAEINVAL, SharedWinsock.WSAGetLastError());
        Assert.Equal(0, _winsock.EventSelect(shared.Handle, nativeEvent, 0));
        Assert.Same(shared.Engine, SocketEngineRegistry.Find(shared.Handle));
    }

    [Fact]
    public void CloseSocket_DropsTheRegistrations_AndClosesTheHandle()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        var handle = local.SafeHandle.DangerousGetHandle();
        Assert.Equal(0, _winsock.EventSelect(handle, 601, FD_READ));

        // The handle now belongs to the native-style code: hand it over, then close it through the drop-in.
        local.SafeHandle.SetHandleAsInvalid();
        Assert.Equal(0, _winsock.CloseSocket(handle));

        Assert.Null(SocketEngineRegistry.Find(handle));
        Assert.Equal(0, peerSocket.Receive(new byte[1]));
    }

    [Fact]
    public void BadArguments_ReturnSocketError_WithTheWinsockCode_AndRegisterNothing()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;

        AssertFails(WSAENOTSOCK, _winsock.EventSelect(0, 701, FD_READ));
        AssertFails(WSAENOTSOCK, _winsock.EventSelect(-1, 701, FD_READ));
        AssertFails(WSAEINVAL, _winsock.EventSelect(local.Handle, 701, FD_QOS));
        AssertFails(WSAEINVAL, _winsock.EventSelect(local.Handle, 701, -1));
        AssertFails(WSAEINVAL, _winsock.EventSelect(local.Handle, 701, 1L << 40));
        AssertFails(WSAEINVAL, _winsock.EventSelect(local.Handle, 0, FD_READ));
        AssertFails(WSAEINVAL, _winsock.AsyncSelect(local.Handle, 0, 0x401, FD_READ));
        AssertFails(WSAENOTSOCK, _winsock.AsyncSelect(0, 0x7000, 0x401, FD_READ));
        Assert.Null(SocketEngineRegistry.Find(local.Handle));

        // A handle that is not a socket: a file.
        var path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var result = _winsock.EventSelect(file.DangerousGetHandle(), 701, FD_READ);
            Assert.Equal(SharedWinsock.SOCKET_ERROR, result);
            Assert.Equal(WSAENOTSOCK, SharedWinsock.WSAGetLastError());
            Assert.Null(SocketEngineRegistry.Find(file.DangerousGetHandle()));
        }
        finally
        {
            File.Delete(path);
        }

        // A success clears the thread's last error.
        Assert.Equal(0, _winsock.EventSelect(local.Handle, 701, 0));
        Assert.Equal(0, SharedWinsock.WSAGetLastError());
    }

    [NonWindowsFact]
    public void ThePublicDropIns_ThrowPlatformNotSupportedOffWindows_AfterCheckingArguments_AndLeaveNothingRegistered()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        using var signal = new ManualResetEvent(false);

        Assert.Throws<PlatformNotSupportedException>(() => SharedWinsock.WSAEventSelect(local.Handle, 801, FD_READ));
        Assert.Throws<PlatformNotSupportedException>(() => SharedWinsock.WSAEventSelect(local.Handle, 801, (uint)FD_READ));
        Assert.Throws<PlatformNotSupportedException>(() => SharedWinsock.WSAEventSelect(local.SafeHandle, signal.SafeWaitHandle, FD_READ));
        Assert.Throws<PlatformNotSupportedException>(() => SharedWinsock.WSAEventSelect(local.SafeHandle, 801, FD_READ));
        Assert.Throws<PlatformNotSupportedException>(() => SharedWinsock.WSAEventSelect(local.Handle, signal.SafeWaitHandle, FD_READ));
        Assert.Throws<PlatformNotSupportedException>(() => SharedWinsock.WSAAsyncSelect(local.Handle, 0x8000, 0x401u, FD_READ));
        Assert.Throws<PlatformNotSupportedException>(() => SharedWinsock.WSAAsyncSelect(local.Handle, 0x8000, 0x401, FD_READ));
        Assert.Throws<PlatformNotSupportedException>(() => SharedWinsock.WSAAsyncSelect(local.SafeHandle, 0x8000, 0x401u, FD_READ));
        Assert.Null(SocketEngineRegistry.Find(local.Handle));

        // Argument errors and removals need no Windows object, so they behave as documented here too.
        Assert.Equal(SharedWinsock.SOCKET_ERROR, SharedWinsock.WSAEventSelect(local.Handle, 801, FD_QOS));
        Assert.Equal(WSAEINVAL, SharedWinsock.WSAGetLastError());
        Assert.Equal(0, SharedWinsock.WSAEventSelect(local.Handle, 801, 0));
        Assert.Equal(0, SharedWinsock.WSAAsyncSelect(local.Handle, 0x8000, 0, 0));
        Assert.Equal(0, SharedWinsock.WSAEnumNetworkEvents(local.Handle, 801, out var none));
        Assert.Equal(0, none);

        var closed = new SafeSocketHandle(0, ownsHandle: false);
        closed.SetHandleAsInvalid();
        Assert.Equal(SharedWinsock.SOCKET_ERROR, SharedWinsock.WSAEventSelect(closed, 801, FD_READ));
        Assert.Equal(WSAENOTSOCK, SharedWinsock.WSAGetLastError());
        Assert.Throws<ArgumentNullException>(() => SharedWinsock.WSAEventSelect((SafeHandle)null!, 801, FD_READ));
        Assert.Throws<ArgumentNullException>(() => SharedWinsock.WSAEventSelect(local.SafeHandle, (SafeHandle)null!, FD_READ));
        Assert.Throws<ArgumentNullException>(() => SharedWinsock.WSAAsyncSelect((SafeHandle)null!, 0x8000, 0x401u, FD_READ));
        Assert.Equal(SharedWinsock.SOCKET_ERROR, SharedWinsock.closesocket(0));
        Assert.Equal(WSAENOTSOCK, SharedWinsock.WSAGetLastError());
    }

    [Fact]
    public async Task ManyThreadsRegisteringAndRemovingTargets_OnOneSocket_LeaveAConsistentRegistry()
    {
        var (local, peer) = Loopback.TcpPair();
        using var localSocket = local;
        using var peerSocket = peer;
        var handle = local.Handle;
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var round = 0; round < 200; round++)
            {
                nint target = 900 + (worker * 10) + (round % 3);
                Assert.Equal(0, _winsock.EventSelect(handle, target, round % 2 == 0 ? FD_READ : FD_READ | FD_CLOSE));
                Assert.Equal(0, _winsock.EventSelect(handle, target, 0));
            }
        })).ToArray();

        await Task.WhenAll(workers).WithinLimit("the registering threads");
        Assert.Null(SocketEngineRegistry.Find(handle));

        // After hundreds of adoptions of the same handle, a new registration still gets its events.
        Assert.Equal(0, _winsock.EventSelect(handle, 999, FD_READ));
        peerSocket.Send("x"u8);
        Assert.True(_targets.EventObject(999).Wait(Limits.Operation));
        Assert.Equal(0, _winsock.EventSelect(handle, 999, 0));
    }

    private static void AssertFails(int expectedError, int result)
    {
        Assert.Equal(SharedWinsock.SOCKET_ERROR, result);
        Assert.Equal(expectedError, SharedWinsock.WSAGetLastError());
    }
}
