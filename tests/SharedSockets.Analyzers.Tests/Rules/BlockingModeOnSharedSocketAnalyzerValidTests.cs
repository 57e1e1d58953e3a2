using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.BlockingModeOnSharedSocketAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK004 must stay silent: cleared registrations, unshared sockets, non-blocking requests, one mode, hand-offs.</summary>
public sealed class BlockingModeOnSharedSocketAnalyzerValidTests
{
    [Fact]
    public Task RegistrationClearedBeforeGoingBackToBlocking() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Drain(IntPtr socket, IntPtr readEvent)
                {
                    WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                    // ... event loop ...
                    WSAEventSelect(socket, IntPtr.Zero, 0);
                    uint blocking = 0;
                    ioctlsocket(socket, FIONBIO, ref blocking);
                    recv(socket, new byte[64], 64, 0);
                }
            }
            """);

    [Fact]
    public Task AsyncSelectCancelledWithMaskZero() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            class Ui
            {
                void Detach(Socket socket, IntPtr window)
                {
                    WSAAsyncSelect(socket.Handle, window, WM_USER + 1, FD_READ | FD_CLOSE);
                    WSAAsyncSelect(socket.Handle, window, 0, 0);
                    socket.Blocking = true;
                }
            }
            """);

    [Fact]
    public Task UnsharedSocketWithoutRegistrations_TogglesItsMode() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;

            class Client
            {
                void Connect(EndPoint server)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Blocking = false;
                    try { socket.Connect(server); } catch (SocketException) { }
                    socket.Blocking = true;
                    socket.Send(new byte[] { 1 });
                }
            }
            """);

    [Fact]
    public Task NativeDescriptorWithoutRegistrations_TogglesItsMode() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Client
            {
                void Connect()
                {
                    IntPtr client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                    uint nonBlocking = 1, blocking = 0;
                    ioctlsocket(client, FIONBIO, ref nonBlocking);
                    ioctlsocket(client, FIONBIO, ref blocking);
                    closesocket(client);
                }
            }
            """);

    [Fact]
    public Task NonBlockingWhileRegistered_IsWhatTheRegistrationDidAnyway() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            class Poller
            {
                void Start(Socket socket, IntPtr signal)
                {
                    WSAEventSelect(socket.Handle, signal, FD_READ);
                    uint nonBlocking = 1;
                    ioctlsocket(socket.Handle, FIONBIO, ref nonBlocking);
                    socket.Blocking = false;
                }
            }
            """);

    [Fact]
    public Task BlockingSetBeforeTheRegistration() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Client
            {
                void Start(IntPtr socket, IntPtr signal)
                {
                    uint blocking = 0;
                    ioctlsocket(socket, FIONBIO, ref blocking);
                    send(socket, new byte[] { 1, 2 }, 2, 0);
                    WSAEventSelect(socket, signal, FD_READ | FD_CLOSE);
                }
            }
            """);

    [Fact]
    public Task RegistrationOnAnotherSocket() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Proxy
            {
                void Start(IntPtr upstream, IntPtr downstream, IntPtr signal)
                {
                    WSAEventSelect(upstream, signal, FD_READ);
                    uint blocking = 0;
                    ioctlsocket(downstream, FIONBIO, ref blocking);
                }
            }
            """);

    [Fact]
    public Task ExclusiveBranches_EventsOrBlocking() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            class Transport
            {
                void Start(Socket socket, IntPtr signal, bool evented)
                {
                    if (evented)
                    {
                        WSAEventSelect(socket.Handle, signal, FD_READ);
                    }
                    else
                    {
                        socket.Blocking = true;
                    }
                }
            }
            """);

    [Fact]
    public Task EarlyReturnAfterTheRegistration() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Transport
            {
                void Start(IntPtr socket, IntPtr signal, bool evented)
                {
                    if (evented)
                    {
                        WSAEventSelect(socket, signal, FD_READ);
                        return;
                    }

                    uint blocking = 0;
                    ioctlsocket(socket, FIONBIO, ref blocking);
                }
            }
            """);

    [Fact]
    public Task TwoDescriptorsAskingForTheSameMode() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            class Bridge
            {
                void Start(Socket original)
                {
                    original.Blocking = false;
                    var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                    view.Blocking = false;
                }
            }
            """);

    [Fact]
    public Task OneSocketObjectAndItsOwnHandle_AreOneDescriptor() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            class Client
            {
                void Start(Socket socket)
                {
                    socket.Blocking = true;
                    uint nonBlocking = 1;
                    ioctlsocket(socket.Handle, FIONBIO, ref nonBlocking);
                }
            }
            """);

    [Fact]
    public Task ReceiverAfterDuplicateAndClose_PicksItsOwnMode() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            class Migration
            {
                Socket Migrate(Socket source)
                {
                    source.Blocking = false;
                    var receiver = new Socket(source.DuplicateAndClose(Environment.ProcessId));
                    receiver.Blocking = true;
                    return receiver;
                }
            }
            """);

    [Fact]
    public Task ReceiverAfterClosesocketHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class HandOff
            {
                IntPtr Transfer(IntPtr source)
                {
                    uint nonBlocking = 1;
                    ioctlsocket(source, FIONBIO, ref nonBlocking);
                    WSADuplicateSocketW(source, Environment.ProcessId, out var info);
                    IntPtr target = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    closesocket(source);
                    uint blocking = 0;
                    ioctlsocket(target, FIONBIO, ref blocking);
                    return target;
                }
            }
            """);

    [Fact]
    public Task StopMethodClearsBeforeGoingBlocking_AcrossMethods() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Session
            {
                private readonly Socket socket;
                private readonly IntPtr signal = WSACreateEvent();

                public Session(Socket accepted) => socket = accepted;

                public void StartNotifications() => WSAEventSelect(socket.Handle, signal, FD_READ | FD_CLOSE);

                public void StopNotifications()
                {
                    WSAEventSelect(socket.Handle, IntPtr.Zero, 0);
                    socket.Blocking = true;
                }
            }
            """);

    [Fact]
    public Task OtherIoctlCommandsWhileRegistered() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Reader
            {
                const int FIONREAD = 0x4004667F;

                uint Pending(IntPtr socket, IntPtr signal)
                {
                    WSAEventSelect(socket, signal, FD_READ);
                    uint available = 0;
                    ioctlsocket(socket, FIONREAD, ref available);
                    return available;
                }
            }
            """);

    [Fact]
    public Task VanaraStyleBindings_ClearedWithMaskZero() =>
        new Verify.Test
        {
            TestCode = """
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                class Poller
                {
                    const int FIONBIO = unchecked((int)0x8004667E);

                    void Switch(SOCKET socket, SafeWSAEVENT signal)
                    {
                        Ws2_32.WSAEventSelect(socket, signal, FD.FD_READ);
                        Ws2_32.WSAEventSelect(socket, signal, FD.FD_NONE);
                        uint blocking = 0;
                        Ws2_32.ioctlsocket(socket, FIONBIO, ref blocking);
                    }
                }
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    [Fact]
    public Task CsWin32StyleBindings_OneSocketPerConnection() =>
        new Verify.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                unsafe class Poller
                {
                    void Switch(SOCKET evented, SOCKET synchronous)
                    {
                        HANDLE signal = PInvoke.WSACreateEvent();
                        PInvoke.WSAEventSelect(evented, signal, PInvoke.FD_READ);
                        uint blocking = 0;
                        PInvoke.ioctlsocket(synchronous, PInvoke.FIONBIO, &blocking);
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    // Real code (the .NET Framework's Socket.Dispose): the registration is cleared through the type's
    // own method before going back to blocking.
    [Fact]
    public Task RegistrationClearedThroughTheTypesOwnMethod() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Watched
            {
                private readonly IntPtr handle;
                private readonly IntPtr ready = WSACreateEvent();

                public Watched(IntPtr handle) => this.handle = handle;

                public void StartWatching() => WSAEventSelect(handle, ready, FD_READ);

                private void StopWatching() => WSAEventSelect(handle, IntPtr.Zero, 0);

                public void CloseGracefully()
                {
                    StopWatching();
                    uint blocking = 0;
                    ioctlsocket(handle, FIONBIO, ref blocking);
                    closesocket(handle);
                }
            }
            """);

    [Fact]
    public Task NonBlockingThenBlockingIo_ThroughTheSameSocketObject() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Poller
            {
                public int Read(Socket socket, byte[] buffer)
                {
                    socket.Blocking = false;
                    return socket.Receive(buffer);
                }
            }
            """);
}
