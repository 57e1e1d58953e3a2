using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.BlockingModeOnSharedSocketAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK004 must flag: back to blocking while a registration is active; opposite modes through two descriptors.</summary>
public sealed class BlockingModeOnSharedSocketAnalyzerTests
{
    [Fact]
    public Task IoctlsocketBackToBlocking_WhileEventSelectIsActive() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Drain(IntPtr socket, IntPtr readEvent)
                {
                    {|#0:WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE)|};
                    uint blocking = 0;
                    {|#1:ioctlsocket(socket, FIONBIO, ref blocking)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'ioctlsocket(socket, FIONBIO, ref blocking)' sets blocking mode while the event registration 'WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE)' at line 8 can be active: the registration forces non-blocking mode, and going back to blocking fails with WSAEINVAL until it is cleared"));

    [Fact]
    public Task SocketBlockingSetter_AfterARegistrationThroughItsHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Downloader
            {
                public void Fetch(Socket socket, IntPtr dataReady)
                {
                    {|#1:WSAEventSelect(socket.Handle, dataReady, FD_READ | FD_CLOSE)|};
                    // ... later, a synchronous read for the trailer:
                    {|#0:socket.Blocking = true|};
                    socket.Receive(new byte[512]);
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("'socket.Blocking = true' sets blocking mode while the event registration 'WSAEventSelect(socket.Handle, dataReady, FD_READ | FD_CLOSE)' at line 9 can be active: the registration forces non-blocking mode, and going back to blocking fails with WSAEINVAL until it is cleared"));

    [Fact]
    public Task WSAIoctlFionbio_WithAZeroInputBuffer() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Channel
            {
                void Reset(IntPtr socket, IntPtr window)
                {
                    WSAAsyncSelect(socket, window, WM_USER + 1, FD_READ);
                    uint mode = 0;
                    [|WSAIoctl(socket, FIONBIO, ref mode, sizeof(uint), IntPtr.Zero, 0, out _, IntPtr.Zero, IntPtr.Zero)|];
                }
            }
            """);

    [Fact]
    public Task FieldRegisteredInOneMethod_BlockingInAnother() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Session
            {
                private readonly Socket socket;
                private readonly IntPtr signal = WSACreateEvent();

                public Session(Socket accepted) => socket = accepted;

                public void StartNotifications() => {|#0:WSAEventSelect(socket.Handle, signal, FD_READ | FD_WRITE | FD_CLOSE)|};

                public int ReadHeaderSynchronously(byte[] header)
                {
                    {|#1:socket.Blocking = true|};
                    return socket.Receive(header);
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'socket.Blocking = true' sets blocking mode while the event registration 'WSAEventSelect(socket.Handle, signal, FD_READ | FD_WRITE | FD_CLOSE)' at line 12 can be active: the registration forces non-blocking mode, and going back to blocking fails with WSAEINVAL until it is cleared"));

    [Fact]
    public Task RegistrationOnTheListener_BlockingThroughAnInProcessDuplicate() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Pool
            {
                IntPtr Share(IntPtr listener, IntPtr acceptEvent)
                {
                    WSAEventSelect(listener, acceptEvent, FD_ACCEPT);
                    WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                    IntPtr copy = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    uint blocking = 0;
                    [|ioctlsocket(copy, FIONBIO, ref blocking)|];
                    return copy;
                }
            }
            """);

    [Fact]
    public Task ModeNotKnownAtCompileTime_MayGoBackToBlocking() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            class Configurable
            {
                void Apply(Socket socket, IntPtr signal, bool synchronous)
                {
                    {|#1:WSAEventSelect(socket.Handle, signal, FD_READ)|};
                    {|#0:socket.Blocking = synchronous|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("'socket.Blocking = synchronous' sets the blocking mode while the event registration 'WSAEventSelect(socket.Handle, signal, FD_READ)' at line 9 can be active: the registration forces non-blocking mode, and going back to blocking fails with WSAEINVAL until it is cleared"));

    [Fact]
    public Task ThreadBodies_OneRegistersTheOtherGoesBlocking() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using static NativeMethods;

            class Roles
            {
                void Run(Socket socket, IntPtr readEvent)
                {
                    var notifier = new Thread(() => WSAEventSelect(socket.Handle, readEvent, FD_READ | FD_CLOSE));
                    var worker = new Thread(() =>
                    {
                        [|socket.Blocking = true|];
                        socket.Send(new byte[] { 1, 2, 3 });
                    });
                    notifier.Start();
                    worker.Start();
                }
            }
            """);

    [Fact]
    public Task ProjectWrapperForwardingTheMode() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            static class SocketMode
            {
                public static void SetBlocking(IntPtr socket, bool blocking)
                {
                    uint mode = blocking ? 0u : 1u;
                    if (ioctlsocket(socket, FIONBIO, ref mode) != 0)
                        throw new InvalidOperationException("ioctlsocket failed");
                }
            }

            class Client
            {
                void Handshake(IntPtr socket, IntPtr signal)
                {
                    WSAEventSelect(socket, signal, FD_CONNECT);
                    [|SocketMode.SetBlocking(socket, true)|];
                }
            }
            """);

    [Fact]
    public Task ReRegisteredInALoop_BlockingAtTheTopOfTheNextIteration() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Poller
            {
                void Run(IntPtr socket, IntPtr signal, Func<bool> more)
                {
                    while (more())
                    {
                        uint blocking = 0;
                        [|ioctlsocket(socket, FIONBIO, ref blocking)|];
                        recv(socket, new byte[16], 16, 0);
                        WSAEventSelect(socket, signal, FD_READ);
                    }
                }
            }
            """);

    [Fact]
    public Task LibraryImportBindings() =>
        new Verify.Test
        {
            TestCode = """
                class Poller
                {
                    const int FIONBIO = unchecked((int)0x8004667E);

                    void Switch(nint socket, nint signal)
                    {
                        Ws2.WSAEventSelect(socket, signal, 1);
                        uint blocking = 0;
                        [|Ws2.ioctlsocket(socket, FIONBIO, ref blocking)|];
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();

    [Fact]
    public Task CsWin32StyleBindings_PointerArgument() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                unsafe class Poller
                {
                    void Switch(SOCKET socket)
                    {
                        HANDLE signal = PInvoke.WSACreateEvent();
                        PInvoke.WSAEventSelect(socket, signal, PInvoke.FD_READ);
                        uint blocking = 0;
                        [|PInvoke.ioctlsocket(socket, PInvoke.FIONBIO, &blocking)|];
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task VanaraStyleBindings() =>
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
                        Ws2_32.WSAEventSelect(socket, signal, FD.FD_READ | FD.FD_CLOSE);
                        uint blocking = 0;
                        [|Ws2_32.ioctlsocket(socket, FIONBIO, ref blocking)|];
                    }
                }
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    [Fact]
    public Task AliasSocketObject_OppositeModeOfTheOriginal() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            class Bridge
            {
                void Start(Socket original)
                {
                    {|#0:original.Blocking = true|};
                    var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                    {|#1:view.Blocking = false|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'view.Blocking = false' sets non-blocking mode through 'view', but 'original.Blocking = true' at line 7 set blocking mode through 'original': blocking mode belongs to the socket, so this changes it for both"));

    [Fact]
    public Task TwoDescriptorsWithDifferentFionbioValues() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Supervisor
            {
                IntPtr Spawn(IntPtr connection)
                {
                    uint blocking = 0;
                    {|#1:ioctlsocket(connection, FIONBIO, ref blocking)|};
                    WSADuplicateSocketW(connection, Environment.ProcessId, out var info);
                    IntPtr monitor = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    uint nonBlocking = 1;
                    {|#0:ioctlsocket(monitor, FIONBIO, ref nonBlocking)|};
                    return monitor;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("'ioctlsocket(monitor, FIONBIO, ref nonBlocking)' sets non-blocking mode through 'monitor', but 'ioctlsocket(connection, FIONBIO, ref blocking)' at line 9 set blocking mode through 'connection': blocking mode belongs to the socket, so this changes it for both"));

    [Fact]
    public Task ReaderAndWriterFields_InTwoMethods() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Duplex
            {
                private readonly Socket reader;
                private readonly Socket writer;

                public Duplex(Socket socket)
                {
                    reader = socket;
                    writer = new Socket(new SafeSocketHandle(socket.Handle, ownsHandle: false));
                }

                public void StartReader()
                {
                    {|#0:reader.Blocking = true|};
                    reader.Receive(new byte[4096]);
                }

                public void StartWriter() => {|#1:writer.Blocking = false|};
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'writer.Blocking = false' sets non-blocking mode through 'writer', but 'reader.Blocking = true' at line 16 set blocking mode through 'reader': blocking mode belongs to the socket, so this changes it for both"));

    [Fact]
    public Task IOControlNonBlockingIO_ThroughAView() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            class Poller
            {
                void Start(Socket original)
                {
                    original.Blocking = true;
                    var poller = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                    [|poller.IOControl(IOControlCode.NonBlockingIO, BitConverter.GetBytes(1), null)|];
                }
            }
            """);

    // Issue 11: a second Socket over another's handle goes non-blocking while the first still does
    // blocking receives: blocking mode is the socket's, so the first one's Receive now fails.
    [Fact]
    public Task ManagedAlias_NonBlocking_WhileTheOtherSocketReceivesBlocking() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Relay
            {
                private readonly Socket connection;
                private readonly Socket poller;

                public Relay(Socket connection)
                {
                    this.connection = connection;
                    poller = new Socket(new SafeSocketHandle(connection.Handle, ownsHandle: false));
                }

                public void StartPolling() => {|#0:poller.Blocking = false|};

                public int ReadRequest(byte[] buffer) => {|#1:connection.Receive(buffer)|};
            }
            """,
            Verify.Diagnostic()
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("'poller.Blocking = false' sets non-blocking mode through 'poller', but 'connection.Receive(buffer)' at line 16 does blocking I/O through 'connection': blocking mode belongs to the socket, so that call now fails with WSAEWOULDBLOCK instead of waiting"));
}
