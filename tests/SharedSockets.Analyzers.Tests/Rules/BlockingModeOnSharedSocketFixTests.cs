using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.BlockingModeOnSharedSocketAnalyzer,
    SharedSockets.CodeFixes.Fixes.ClearRegistrationBeforeBlockingFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK004 fix: clear the registration (same binding, mask 0) before going back to blocking.</summary>
public sealed class BlockingModeOnSharedSocketFixTests
{
    private const string ClearFirst = ClearRegistrationBeforeBlockingFixProvider.ClearRegistrationKey;

    [Fact]
    public Task Ioctlsocket_InsertsWSAEventSelectWithNullAndZero() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Connection
                {
                    void Drain(IntPtr socket, IntPtr readEvent)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;
                        [|ioctlsocket(socket, FIONBIO, ref blocking)|];
                        recv(socket, new byte[64], 64, 0);
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                class Connection
                {
                    void Drain(IntPtr socket, IntPtr readEvent)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;
                        WSAEventSelect(socket, IntPtr.Zero, 0);
                        ioctlsocket(socket, FIONBIO, ref blocking);
                        recv(socket, new byte[64], 64, 0);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task SocketBlocking_ClearsThroughTheSocketsHandle_KeepingTheComment() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Downloader
                {
                    public void Fetch(Socket socket, IntPtr dataReady)
                    {
                        WSAEventSelect(socket.Handle, dataReady, FD_READ | FD_CLOSE);
                        // a synchronous read for the trailer:
                        [|socket.Blocking = true|];
                        socket.Receive(new byte[512]);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Downloader
                {
                    public void Fetch(Socket socket, IntPtr dataReady)
                    {
                        WSAEventSelect(socket.Handle, dataReady, FD_READ | FD_CLOSE);
                        // a synchronous read for the trailer:
                        WSAEventSelect(socket.Handle, IntPtr.Zero, 0);
                        socket.Blocking = true;
                        socket.Receive(new byte[512]);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task RegistrationInAnotherMethod_FieldSocket() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Session
                {
                    private readonly Socket socket;
                    private readonly IntPtr signal = WSACreateEvent();

                    public Session(Socket accepted) => socket = accepted;

                    public void StartNotifications() => WSAEventSelect(socket.Handle, signal, FD_READ | FD_WRITE | FD_CLOSE);

                    public int ReadHeaderSynchronously(byte[] header)
                    {
                        [|socket.Blocking = true|];
                        return socket.Receive(header);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Session
                {
                    private readonly Socket socket;
                    private readonly IntPtr signal = WSACreateEvent();

                    public Session(Socket accepted) => socket = accepted;

                    public void StartNotifications() => WSAEventSelect(socket.Handle, signal, FD_READ | FD_WRITE | FD_CLOSE);

                    public int ReadHeaderSynchronously(byte[] header)
                    {
                        WSAEventSelect(socket.Handle, IntPtr.Zero, 0);
                        socket.Blocking = true;
                        return socket.Receive(header);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task AsyncSelect_ClearsWithTheWindowAndZeroMessageAndMask() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                class Channel
                {
                    void Reset(IntPtr socket, IntPtr window)
                    {
                        WSAAsyncSelect(socket, window, WM_USER + 1, FD_READ);
                        uint mode = 0;
                        WSAAsyncSelect(socket, window, 0, 0);
                        WSAIoctl(socket, FIONBIO, ref mode, sizeof(uint), IntPtr.Zero, 0, out _, IntPtr.Zero, IntPtr.Zero);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task CsWin32_DefaultHandle() =>
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
            FixedCode = """
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
                        PInvoke.WSAEventSelect(socket, default, 0);
                        PInvoke.ioctlsocket(socket, PInvoke.FIONBIO, &blocking);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task Vanara_SafeHandleEventIsPassedWithMaskZero() =>
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
            FixedCode = """
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                class Poller
                {
                    const int FIONBIO = unchecked((int)0x8004667E);

                    void Switch(SOCKET socket, SafeWSAEVENT signal)
                    {
                        Ws2_32.WSAEventSelect(socket, signal, FD.FD_READ | FD.FD_CLOSE);
                        uint blocking = 0;
                        Ws2_32.WSAEventSelect(socket, signal, 0);
                        Ws2_32.ioctlsocket(socket, FIONBIO, ref blocking);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task FixAll_EveryModeChangeGetsItsClear() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Session
                {
                    private readonly Socket socket;
                    private readonly IntPtr signal = WSACreateEvent();

                    public Session(Socket accepted) => socket = accepted;

                    public void StartNotifications() => WSAEventSelect(socket.Handle, signal, FD_READ | FD_CLOSE);

                    public void ReadSynchronously(byte[] buffer)
                    {
                        {|SOCK004:socket.Blocking = true|};
                        socket.Receive(buffer);
                    }

                    public void WriteSynchronously(byte[] buffer)
                    {
                        uint blocking = 0;
                        {|SOCK004:ioctlsocket(socket.Handle, FIONBIO, ref blocking)|};
                        socket.Send(buffer);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Session
                {
                    private readonly Socket socket;
                    private readonly IntPtr signal = WSACreateEvent();

                    public Session(Socket accepted) => socket = accepted;

                    public void StartNotifications() => WSAEventSelect(socket.Handle, signal, FD_READ | FD_CLOSE);

                    public void ReadSynchronously(byte[] buffer)
                    {
                        WSAEventSelect(socket.Handle, IntPtr.Zero, 0);
                        socket.Blocking = true;
                        socket.Receive(buffer);
                    }

                    public void WriteSynchronously(byte[] buffer)
                    {
                        uint blocking = 0;
                        WSAEventSelect(socket.Handle, IntPtr.Zero, 0);
                        ioctlsocket(socket.Handle, FIONBIO, ref blocking);
                        socket.Send(buffer);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task ReRegisteredInALoop_ClearedBeforeTheModeChangeOfTheNextPass() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                class Poller
                {
                    void Run(IntPtr socket, IntPtr signal, Func<bool> more)
                    {
                        while (more())
                        {
                            uint blocking = 0;
                            WSAEventSelect(socket, IntPtr.Zero, 0);
                            ioctlsocket(socket, FIONBIO, ref blocking);
                            recv(socket, new byte[16], 16, 0);
                            WSAEventSelect(socket, signal, FD_READ);
                        }
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task ReRegisteredInALoop_ThatAlsoWaitsOnTheEvent_NoFixIsOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;
                using static NativeMethods;

                static class Kernel32
                {
                    [DllImport("kernel32.dll")]
                    public static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);
                }

                class Poller
                {
                    void Run(IntPtr socket, IntPtr signal, Func<bool> more)
                    {
                        while (more())
                        {
                            Kernel32.WaitForSingleObject(signal, 1000);
                            uint blocking = 0;
                            [|ioctlsocket(socket, FIONBIO, ref blocking)|];
                            recv(socket, new byte[16], 16, 0);
                            WSAEventSelect(socket, signal, FD_READ);
                        }
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task LaterRegistrationOfAnotherSocketWithTheSameEvent_NoFixIsOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Poller
                {
                    void Run(IntPtr socket, IntPtr other, IntPtr signal, Func<bool> more)
                    {
                        WSAEventSelect(socket, signal, FD_READ);
                        while (more())
                        {
                            uint blocking = 0;
                            [|ioctlsocket(socket, FIONBIO, ref blocking)|];
                            recv(socket, new byte[16], 16, 0);
                            WSAEventSelect(other, signal, FD_READ);
                        }
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task ModeChangeInAnExpressionBody_NoFixIsOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Session
                {
                    private readonly Socket socket;
                    private readonly IntPtr signal = WSACreateEvent();

                    public Session(Socket accepted) => socket = accepted;

                    public void StartNotifications() => WSAEventSelect(socket.Handle, signal, FD_READ);

                    public void GoBlocking() => [|socket.Blocking = true|];
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();

    [Fact]
    public Task OppositeModeThroughAnAlias_HasNoClearingFix() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                class Bridge
                {
                    void Start(Socket original)
                    {
                        original.Blocking = true;
                        var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                        [|view.Blocking = false|];
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = ClearFirst,
        }.RunAsync();
}
