using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.ShutdownOfSharedSocketAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK005 must flag: shutdown/Socket.Shutdown/Disconnect on a socket that other holders share.</summary>
public sealed class ShutdownOfSharedSocketAnalyzerTests
{
    [Fact]
    public Task DllImport_ReleaseAfterDuplicating_NamesTheDuplication() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.IO.Pipes;
            using System.Runtime.InteropServices;
            using static NativeMethods;

            sealed class HandOff
            {
                public void SendTo(IntPtr connection, int workerProcessId, PipeStream channel)
                {
                    if ({|#0:WSADuplicateSocketW(connection, workerProcessId, out var info)|} != 0)
                        throw new InvalidOperationException("WSADuplicateSocket failed");

                    var bytes = new byte[Marshal.SizeOf<WSAPROTOCOL_INFOW>()];
                    MemoryMarshal.Write(bytes, in info);
                    channel.Write(bytes, 0, bytes.Length);

                    {|#1:shutdown(connection, SD_BOTH)|};
                    closesocket(connection);
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'shutdown(connection, SD_BOTH)' shuts down a shared socket (duplicated by 'WSADuplicateSocketW(connection, workerProcessId, out var info)' at line 10): shutdown acts on the socket for every descriptor and process; close only this descriptor instead"));

    [Fact]
    public Task FieldDuplicatedInOneMethod_ShutDownInStop() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using static NativeMethods;

            sealed class PreforkServer
            {
                private readonly IntPtr listener;
                private readonly List<WSAPROTOCOL_INFOW> shares = new();

                public PreforkServer(IntPtr listener) => this.listener = listener;

                public void Share(IEnumerable<int> workerIds)
                {
                    foreach (var id in workerIds)
                    {
                        {|#0:WSADuplicateSocketW(listener, id, out var info)|};
                        shares.Add(info);
                    }
                }

                public void Stop()
                {
                    {|#1:shutdown(listener, SD_BOTH)|};
                    closesocket(listener);
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'shutdown(listener, SD_BOTH)' shuts down a shared socket (duplicated by 'WSADuplicateSocketW(listener, id, out var info)' at line 16): shutdown acts on the socket for every descriptor and process; close only this descriptor instead"));

    [Fact]
    public Task LibraryImport_RenamedDuplicate() =>
        new Verify.Test
        {
            TestCode = """
                using System;

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
        }.RunAsync();

    [Fact]
    public Task CsWin32_PointerProtocolInfo() =>
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
                        PInvoke.closesocket(accepted);
                        return info;
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task Vanara_SocketStruct() =>
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
        }.RunAsync();

    [Fact]
    public Task Managed_AdoptedInheritedHandle_DisposeShutsItDown() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            sealed class InheritedConnection : IDisposable
            {
                private readonly Socket socket;

                public InheritedConnection(IntPtr inherited) =>
                    socket = new Socket({|#0:new SafeSocketHandle(inherited, ownsHandle: false)|});

                public int Receive(byte[] buffer) => socket.Receive(buffer);

                public void Dispose()
                {
                    {|#1:socket.Shutdown(SocketShutdown.Both)|};
                    socket.Dispose();
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'socket.Shutdown(SocketShutdown.Both)' shuts down a shared socket (adopted from a handle this process did not create, 'new SafeSocketHandle(inherited, ownsHandle: false)' at line 9): shutdown acts on the socket for every descriptor and process; close only this descriptor instead"));

    [Fact]
    public Task Managed_SecondSocketOverTheSameHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Session
            {
                public void EndWrites(Socket connection)
                {
                    using var view = {|#0:new Socket(new SafeSocketHandle(connection.Handle, ownsHandle: false))|};
                    view.Send(new byte[] { 0 });
                    {|#1:view.Shutdown(SocketShutdown.Send)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'view.Shutdown(SocketShutdown.Send)' shuts down a shared socket (also held through 'new Socket(new SafeSocketHandle(connection.Handle, ownsHandle: false))' at line 7): shutdown acts on the socket for every descriptor and process; close only this descriptor instead"));

    [Fact]
    public Task Native_HandleParsedFromCommandLine() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class Child
                {
                    public static void Main(string[] args)
                    {
                        var inherited = {|#0:new IntPtr(long.Parse(args[0]))|};
                        var buffer = new byte[4096];
                        while (recv(inherited, buffer, buffer.Length, 0) > 0) { }
                        {|#1:shutdown(inherited, SD_BOTH)|};
                    }
                }
                """,
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
            },
            ExpectedDiagnostics = { Verify.Diagnostic()
                                        .WithLocation(1)
                                        .WithLocation(0)
                                        .WithMessage("'shutdown(inherited, SD_BOTH)' shuts down a shared socket (adopted from a handle this process did not create, 'new IntPtr(long.Parse(args[0]))' at line 8): shutdown acts on the socket for every descriptor and process; close only this descriptor instead") },
        }.RunAsync();

    [Fact]
    public Task Managed_HandleFromDropFile_Disconnect() =>
        Verify.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Net.Sockets;

            sealed class Resume
            {
                public void Run(string dropFile)
                {
                    nint raw = nint.Parse(File.ReadAllText(dropFile));
                    var socket = new Socket(new SafeSocketHandle(raw, ownsHandle: true));
                    socket.Send(new byte[] { 1 });
                    [|socket.Disconnect(reuseSocket: false)|];
                }
            }
            """);

    [Fact]
    public Task ProjectWrapper_ReleaseHelper() =>
        Verify.VerifyAnalyzerAsync("""
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
                    return info;
                }
            }
            """);

    [Fact]
    public Task InProcessDuplicate_ShutDownThroughTheCopy() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading;
            using static NativeMethods;

            sealed class Roles
            {
                public void Start(IntPtr socket)
                {
                    WSADuplicateSocketW(socket, Environment.ProcessId, out var info);
                    var writerCopy = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    new Thread(() =>
                    {
                        send(writerCopy, new byte[] { 1, 2, 3 }, 3, 0);
                        [|shutdown(writerCopy, SD_SEND)|];
                        closesocket(writerCopy);
                    }).Start();
                    recv(socket, new byte[16], 16, 0);
                }
            }
            """);

    [Fact]
    public Task ManagedListener_NativeDuplicateOfItsHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Supervisor
            {
                private readonly Socket listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                public WSAPROTOCOL_INFOW Prepare(int worker)
                {
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    listener.Listen(16);
                    {|#0:WSADuplicateSocketW(listener.Handle, worker, out var info)|};
                    return info;
                }

                public void Drain() => {|#1:listener.Shutdown(SocketShutdown.Receive)|};
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'listener.Shutdown(SocketShutdown.Receive)' shuts down a shared socket (duplicated by 'WSADuplicateSocketW(listener.Handle, worker, out var info)' at line 14): shutdown acts on the socket for every descriptor and process; close only this descriptor instead"));

    [Fact]
    public Task EditorConfigSeverity_IsHonoured() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class Release
                {
                    public static void After(IntPtr s, int pid)
                    {
                        {|#1:WSADuplicateSocketW(s, pid, out _)|};
                        {|#0:shutdown(s, SD_BOTH)|};
                    }
                }
                """,
            TestState =
            {
                AnalyzerConfigFiles =
                {
                    ("/.editorconfig", "[*.cs]\n" + "dotnet_diagnostic.SOCK005.severity = error"),
                },
            },
            ExpectedDiagnostics = { Verify.Diagnostic()
                                        .WithLocation(0)
                                        .WithLocation(1)
                                        .WithSeverity(DiagnosticSeverity.Error)
                                        .WithMessage("'shutdown(s, SD_BOTH)' shuts down a shared socket (duplicated by 'WSADuplicateSocketW(s, pid, out _)' at line 8): shutdown acts on the socket for every descriptor and process; close only this descriptor instead") },
        }.RunAsync();

    // The hand-off shares the socket between the duplication and the close: a shutdown there ends the
    // target's stream too.
    [Fact]
    public Task ShutdownBetweenDuplicationAndClose_IsInTheSharedWindow() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class OwnedSocket
            {
                private readonly IntPtr handle;

                public OwnedSocket(IntPtr handle) => this.handle = handle;

                public WSAPROTOCOL_INFOW HandOff(int targetProcessId)
                {
                    {|#0:WSADuplicateSocketW(handle, targetProcessId, out var info)|};
                    {|#1:shutdown(handle, SD_SEND)|};
                    closesocket(handle);
                    return info;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'shutdown(handle, SD_SEND)' shuts down a shared socket (duplicated by 'WSADuplicateSocketW(handle, targetProcessId, out var info)' at line 12): shutdown acts on the socket for every descriptor and process; close only this descriptor instead"));

    // Issue 11: a host gives this process a connection as a handle; a helper wraps it in a Socket (whatever
    // ownsHandle says, the host still holds its descriptor), and a shutdown later kills the host's connection.
    [Fact]
    public Task AdoptedThroughAHelperMethod_ThenShutDown() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            static class HostedConnection
            {
                private static Socket? connection;

                public static void Main(string[] args)
                {
                    connection = {|#0:Adopt(new IntPtr(long.Parse(args[0])))|};
                    connection.Send(new byte[] { 1 });
                    {|#1:connection.Shutdown(SocketShutdown.Both)|};
                }

                private static Socket Adopt(IntPtr handle) => new Socket(new SafeSocketHandle(handle, ownsHandle: true));
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'connection.Shutdown(SocketShutdown.Both)' shuts down a shared socket (adopted from a handle this process did not create, 'Adopt(new IntPtr(long.Parse(args[0])))' at line 10): shutdown acts on the socket for every descriptor and process; close only this descriptor instead"));
}
