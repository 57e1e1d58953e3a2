using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.ShutdownOfSharedSocketAnalyzer,
    SharedSockets.CodeFixes.Fixes.ShutdownOfSharedSocketFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK005 code fix: close this descriptor (closesocket, Socket.Close) instead of shutting the shared socket down.</summary>
public sealed class ShutdownOfSharedSocketFixTests
{
    private const string CloseInstead = ShutdownOfSharedSocketFixProvider.CloseInsteadKey;

    [Fact]
    public Task DllImport_ShutdownBecomesCloseSocket() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class HandOff
                {
                    public WSAPROTOCOL_INFOW Give(IntPtr connection, int pid)
                    {
                        WSADuplicateSocketW(connection, pid, out var info);
                        [|shutdown(connection, SD_BOTH)|];
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class HandOff
                {
                    public WSAPROTOCOL_INFOW Give(IntPtr connection, int pid)
                    {
                        WSADuplicateSocketW(connection, pid, out var info);
                        closesocket(connection);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task DllImport_AlreadyClosedAfterwards_ShutdownIsRemoved() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class HandOff
                {
                    public WSAPROTOCOL_INFOW Give(IntPtr connection, int pid)
                    {
                        WSADuplicateSocketW(connection, pid, out var info);
                        // Release our side.
                        [|shutdown(connection, SD_BOTH)|];
                        closesocket(connection);
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class HandOff
                {
                    public WSAPROTOCOL_INFOW Give(IntPtr connection, int pid)
                    {
                        WSADuplicateSocketW(connection, pid, out var info);
                        // Release our side.
                        closesocket(connection);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task ResultUsed_SameReturnType() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Relay
                {
                    public bool Forward(IntPtr s, int pid)
                    {
                        WSADuplicateSocketW(s, pid, out _);
                        return [|shutdown(s, SD_SEND)|] == 0;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Relay
                {
                    public bool Forward(IntPtr s, int pid)
                    {
                        WSADuplicateSocketW(s, pid, out _);
                        return closesocket(s) == 0;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task CsWin32_QualifiedCall() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Networking.WinSock;

                unsafe sealed class Broker
                {
                    public WSAPROTOCOL_INFOW Give(SOCKET accepted, uint pid)
                    {
                        WSAPROTOCOL_INFOW info;
                        PInvoke.WSADuplicateSocketW(accepted, pid, &info);
                        [|PInvoke.shutdown(accepted, WINSOCK_SHUTDOWN_HOW.SD_BOTH)|];
                        return info;
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
            FixedCode = """
                using Windows.Win32;
                using Windows.Win32.Networking.WinSock;

                unsafe sealed class Broker
                {
                    public WSAPROTOCOL_INFOW Give(SOCKET accepted, uint pid)
                    {
                        WSAPROTOCOL_INFOW info;
                        PInvoke.WSADuplicateSocketW(accepted, pid, &info);
                        PInvoke.closesocket(accepted);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task Vanara_UsingStatic() =>
        new Verify.Test
        {
            TestCode = """
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                sealed class Dispatcher
                {
                    public WSAPROTOCOL_INFO Dispatch(SOCKET client, uint workerPid)
                    {
                        WSADuplicateSocket(client, workerPid, out var info);
                        [|shutdown(client, SD.SD_SEND)|];
                        return info;
                    }
                }
                """,
            Interop = InteropSources.Vanara,
            FixedCode = """
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                sealed class Dispatcher
                {
                    public WSAPROTOCOL_INFO Dispatch(SOCKET client, uint workerPid)
                    {
                        WSADuplicateSocket(client, workerPid, out var info);
                        closesocket(client);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task Managed_ShutdownBecomesClose() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Session
                {
                    public void EndWrites(Socket connection)
                    {
                        var view = new Socket(new SafeSocketHandle(connection.Handle, ownsHandle: false));
                        view.Send(new byte[] { 0 });
                        [|view.Shutdown(SocketShutdown.Send)|];
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                sealed class Session
                {
                    public void EndWrites(Socket connection)
                    {
                        var view = new Socket(new SafeSocketHandle(connection.Handle, ownsHandle: false));
                        view.Send(new byte[] { 0 });
                        view.Close();
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task Managed_DisposeFollows_ShutdownIsRemoved() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                sealed class InheritedConnection : IDisposable
                {
                    private readonly Socket socket;

                    public InheritedConnection(IntPtr inherited) =>
                        socket = new Socket(new SafeSocketHandle(inherited, ownsHandle: false));

                    public void Dispose()
                    {
                        [|socket.Shutdown(SocketShutdown.Both)|];
                        socket.Dispose();
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;

                sealed class InheritedConnection : IDisposable
                {
                    private readonly Socket socket;

                    public InheritedConnection(IntPtr inherited) =>
                        socket = new Socket(new SafeSocketHandle(inherited, ownsHandle: false));

                    public void Dispose()
                    {
                        socket.Dispose();
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task Managed_DisconnectBecomesClose() =>
        new Verify.Test
        {
            TestCode = """
                using System.IO;
                using System.Net.Sockets;

                sealed class Resume
                {
                    public void Run(string dropFile)
                    {
                        nint raw = nint.Parse(File.ReadAllText(dropFile));
                        var socket = new Socket(new SafeSocketHandle(raw, ownsHandle: true));
                        [|socket.Disconnect(reuseSocket: false)|];
                    }
                }
                """,
            FixedCode = """
                using System.IO;
                using System.Net.Sockets;

                sealed class Resume
                {
                    public void Run(string dropFile)
                    {
                        nint raw = nint.Parse(File.ReadAllText(dropFile));
                        var socket = new Socket(new SafeSocketHandle(raw, ownsHandle: true));
                        socket.Close();
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task LibraryImport_WithoutCloseSocketBinding_NotOffered() =>
        new Verify.Test
        {
            TestCode = """
                static class Relay
                {
                    public static Ws2.ProtocolInfo Forward(nint socket, int targetProcess)
                    {
                        Ws2.DuplicateSocket(socket, targetProcess, out var info);
                        [|Ws2.shutdown(socket, 1)|];
                        return info;
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task ThroughProjectWrapper_NotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class SocketHelpers
                {
                    public static void Release(IntPtr socket) => shutdown(socket, SD_BOTH);
                }

                sealed class Parent
                {
                    public void Spawn(IntPtr listener, int childPid)
                    {
                        WSADuplicateSocketW(listener, childPid, out _);
                        [|SocketHelpers.Release(listener)|];
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task LibraryImport_WithTheShimReferenced_StillNotOffered() =>
        new Verify.Test
        {
            // SharedWinsock.closesocket is not the native close for a handle the shim never saw: it wraps the
            // handle in a Socket and disposes it: on WSAEWOULDBLOCK (a non-blocking socket with a linger timeout)
            // it makes the socket blocking and closes again, or sets SO_LINGER to 0 on the shared socket and
            // resets the connection, where closesocket returns the error and leaves the descriptor open; and
            // Socket.Dispose drops close errors, so it reports 0 where closesocket would fail.
            TestCode = """
                static class Relay
                {
                    public static Ws2.ProtocolInfo Forward(nint socket, int targetProcess)
                    {
                        Ws2.DuplicateSocket(socket, targetProcess, out var info);
                        [|Ws2.shutdown(socket, 1)|];
                        return info;
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
            ReferenceShim = true,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task ThroughReleaseHelper_TheCallBecomesCloseSocket_TheHelperStays() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class SocketHelpers
                {
                    public static void Release(IntPtr socket)
                    {
                        shutdown(socket, SD_BOTH);
                        closesocket(socket);
                    }
                }

                sealed class Parent
                {
                    public WSAPROTOCOL_INFOW Spawn(IntPtr listener, int childPid)
                    {
                        WSADuplicateSocketW(listener, childPid, out var info);
                        [|SocketHelpers.Release(listener)|]; // the child owns it now
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                static class SocketHelpers
                {
                    public static void Release(IntPtr socket)
                    {
                        shutdown(socket, SD_BOTH);
                        closesocket(socket);
                    }
                }

                sealed class Parent
                {
                    public WSAPROTOCOL_INFOW Spawn(IntPtr listener, int childPid)
                    {
                        WSADuplicateSocketW(listener, childPid, out var info);
                        closesocket(listener); // the child owns it now
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task ThroughReleaseHelper_ThatAlsoDoesSomethingElse_NotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class SocketHelpers
                {
                    public static void Release(IntPtr socket)
                    {
                        shutdown(socket, SD_BOTH);
                        closesocket(socket);
                        Console.WriteLine("released");
                    }
                }

                sealed class Parent
                {
                    public WSAPROTOCOL_INFOW Spawn(IntPtr listener, int childPid)
                    {
                        WSADuplicateSocketW(listener, childPid, out var info);
                        [|SocketHelpers.Release(listener)|];
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task ThroughReleaseHelper_TakingTheHowToo_NotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class SocketHelpers
                {
                    public static void Release(IntPtr socket, int how)
                    {
                        shutdown(socket, how);
                        closesocket(socket);
                    }
                }

                sealed class Parent
                {
                    public WSAPROTOCOL_INFOW Spawn(IntPtr listener, int childPid)
                    {
                        WSADuplicateSocketW(listener, childPid, out var info);
                        [|SocketHelpers.Release(listener, SD_BOTH)|];
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task ThroughReleaseHelper_CloseSocketDoesNotBindAtTheCall_NotOffered() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("SocketHelpers.cs", """
                        using System;
                        using static NativeMethods;

                        static class SocketHelpers
                        {
                            public static void Release(IntPtr socket)
                            {
                                shutdown(socket, SD_BOTH);
                                closesocket(socket);
                            }
                        }
                        """),
                    ("Parent.cs", """
                        using System;

                        sealed class Parent
                        {
                            public NativeMethods.WSAPROTOCOL_INFOW Spawn(IntPtr listener, int childPid)
                            {
                                NativeMethods.WSADuplicateSocketW(listener, childPid, out var info);
                                [|SocketHelpers.Release(listener)|];
                                return info;
                            }
                        }
                        """),
                },
            },
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task ThroughReleaseHelper_DescriptorUsedAfterTheCall_NotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class SocketHelpers
                {
                    public static void Release(IntPtr socket)
                    {
                        shutdown(socket, SD_BOTH);
                        closesocket(socket);
                    }
                }

                sealed class Parent
                {
                    public WSAPROTOCOL_INFOW Spawn(IntPtr listener, int childPid)
                    {
                        WSADuplicateSocketW(listener, childPid, out var info);
                        [|SocketHelpers.Release(listener)|];
                        Console.WriteLine(listener);
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();

    [Fact]
    public Task FixAll_EveryShutdownOfTheDocument() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Supervisor
                {
                    private readonly IntPtr listener;
                    private readonly Socket control;

                    public Supervisor(IntPtr listener, IntPtr inheritedControl)
                    {
                        this.listener = listener;
                        control = new Socket(new SafeSocketHandle(inheritedControl, ownsHandle: false));
                    }

                    public WSAPROTOCOL_INFOW Share(int pid)
                    {
                        WSADuplicateSocketW(listener, pid, out var info);
                        return info;
                    }

                    public void Stop()
                    {
                        [|shutdown(listener, SD_BOTH)|];
                        closesocket(listener);
                        [|control.Shutdown(SocketShutdown.Both)|];
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Supervisor
                {
                    private readonly IntPtr listener;
                    private readonly Socket control;

                    public Supervisor(IntPtr listener, IntPtr inheritedControl)
                    {
                        this.listener = listener;
                        control = new Socket(new SafeSocketHandle(inheritedControl, ownsHandle: false));
                    }

                    public WSAPROTOCOL_INFOW Share(int pid)
                    {
                        WSADuplicateSocketW(listener, pid, out var info);
                        return info;
                    }

                    public void Stop()
                    {
                        closesocket(listener);
                        control.Close();
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseInstead,
        }.RunAsync();
}
