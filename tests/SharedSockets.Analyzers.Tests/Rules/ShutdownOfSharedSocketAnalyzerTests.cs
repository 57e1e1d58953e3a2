using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK005 must flag: shutdown/Socket.Shutdown/Disconnect on a socket that other holders share.</summary>
public sealed class ShutdownOfSharedSocketAnalyzerTests
{
    private static ProjectBuilder Project(string code, string interop = InteropSources.DllImport) =>
        ProjectBuilder.Create()
            .WithAnalyzer<ShutdownOfSharedSocketAnalyzer>()
            .WithSourceCode("Interop.cs", interop)
            .WithSourceCode(code);

    [Fact]
    public Task DllImport_ReleaseAfterDuplicating_NamesTheDuplication() =>
        Project("""
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

                    [|shutdown(connection, SD_BOTH)|];
                    closesocket(connection);
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK005",
                "'shutdown(connection, SD_BOTH)' shuts down a shared socket (duplicated by 'WSADuplicateSocketW(connection, workerProcessId, out var info)' at line 10): shutdown acts on the socket for every descriptor and process; close only this descriptor instead",
                DiagnosticSeverity.Warning,
                "#0")
            .ValidateAsync();

    [Fact]
    public Task FieldDuplicatedInOneMethod_ShutDownInStop() =>
        Project("""
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
                    [|shutdown(listener, SD_BOTH)|];
                    closesocket(listener);
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK005", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task LibraryImport_RenamedDuplicate() =>
        Project("""
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
            """, InteropSources.LibraryImport)
            .WithLibraryImportGenerator()
            .ShouldReportDiagnostic("SOCK005")
            .ValidateAsync();

    [Fact]
    public Task CsWin32_PointerProtocolInfo() =>
        Project("""
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
            """, InteropSources.CsWin32)
            .ShouldReportDiagnostic("SOCK005")
            .ValidateAsync();

    [Fact]
    public Task Vanara_SocketStruct() =>
        Project("""
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
            """, InteropSources.Vanara)
            .ShouldReportDiagnostic("SOCK005")
            .ValidateAsync();

    [Fact]
    public Task Managed_AdoptedInheritedHandle_DisposeShutsItDown() =>
        Project("""
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
                    [|socket.Shutdown(SocketShutdown.Both)|];
                    socket.Dispose();
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK005",
                "'socket.Shutdown(SocketShutdown.Both)' shuts down a shared socket (adopted from a handle this process did not create, 'new SafeSocketHandle(inherited, ownsHandle: false)' at line 9): shutdown acts on the socket for every descriptor and process; close only this descriptor instead",
                additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task Managed_SecondSocketOverTheSameHandle() =>
        Project("""
            using System.Net.Sockets;

            sealed class Session
            {
                public void EndWrites(Socket connection)
                {
                    using var view = {|#0:new Socket(new SafeSocketHandle(connection.Handle, ownsHandle: false))|};
                    view.Send(new byte[] { 0 });
                    [|view.Shutdown(SocketShutdown.Send)|];
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK005", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task Native_HandleParsedFromCommandLine() =>
        Project("""
            using System;
            using static NativeMethods;

            static class Child
            {
                public static void Main(string[] args)
                {
                    var inherited = {|#0:new IntPtr(long.Parse(args[0]))|};
                    var buffer = new byte[4096];
                    while (recv(inherited, buffer, buffer.Length, 0) > 0) { }
                    [|shutdown(inherited, SD_BOTH)|];
                }
            }
            """)
            .WithOutputKind(OutputKind.ConsoleApplication)
            .ShouldReportDiagnostic("SOCK005", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task Managed_HandleFromDropFile_Disconnect() =>
        Project("""
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
            """)
            .ShouldReportDiagnostic("SOCK005")
            .ValidateAsync();

    [Fact]
    public Task ProjectWrapper_ReleaseHelper() =>
        Project("""
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
            """)
            .ShouldReportDiagnostic("SOCK005")
            .ValidateAsync();

    [Fact]
    public Task InProcessDuplicate_ShutDownThroughTheCopy() =>
        Project("""
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
            """)
            .ShouldReportDiagnostic("SOCK005")
            .ValidateAsync();

    [Fact]
    public Task ManagedListener_NativeDuplicateOfItsHandle() =>
        Project("""
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

                public void Drain() => [|listener.Shutdown(SocketShutdown.Receive)|];
            }
            """)
            .ShouldReportDiagnostic("SOCK005", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task EditorConfigSeverity_IsHonoured() =>
        Project("""
            using System;
            using static NativeMethods;

            static class Release
            {
                public static void After(IntPtr s, int pid)
                {
                    WSADuplicateSocketW(s, pid, out _);
                    [|shutdown(s, SD_BOTH)|];
                }
            }
            """)
            .WithEditorConfig("dotnet_diagnostic.SOCK005.severity = error")
            .ShouldReportDiagnostic("SOCK005", severity: DiagnosticSeverity.Error)
            .ValidateAsync();
}
