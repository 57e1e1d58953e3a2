using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK005 must not flag: shutdown of unshared sockets, closesocket/Dispose of shared ones.</summary>
public sealed class ShutdownOfSharedSocketAnalyzerValidTests
{
    private static ProjectBuilder Project(string code, string interop = InteropSources.DllImport) =>
        ProjectBuilder.Create()
            .WithAnalyzer<ShutdownOfSharedSocketAnalyzer>()
            .WithSourceCode("Interop.cs", interop)
            .WithSourceCode(code);

    [Fact]
    public Task OwnSocket_GracefulShutdown() =>
        Project("""
            using System;
            using static NativeMethods;

            sealed class Client
            {
                public void Exchange()
                {
                    IntPtr s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                    send(s, new byte[] { 1 }, 1, 0);
                    shutdown(s, SD_SEND);
                    while (recv(s, new byte[512], 512, 0) > 0) { }
                    closesocket(s);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task AcceptedConnection_WhileTheListenerIsDuplicated() =>
        Project("""
            using System;
            using System.Collections.Generic;
            using static NativeMethods;

            sealed class PreforkParent
            {
                private readonly IntPtr listener;

                public PreforkParent(IntPtr listener) => this.listener = listener;

                public List<WSAPROTOCOL_INFOW> Share(int[] workers)
                {
                    var infos = new List<WSAPROTOCOL_INFOW>();
                    foreach (var pid in workers)
                    {
                        WSADuplicateSocketW(listener, pid, out var info);
                        infos.Add(info);
                    }

                    return infos;
                }

                public void ServeOne()
                {
                    IntPtr client = accept(listener, IntPtr.Zero, IntPtr.Zero);
                    send(client, new byte[] { 42 }, 1, 0);
                    shutdown(client, SD_BOTH);
                    closesocket(client);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task HandOff_DuplicateThenCloseSocket() =>
        Project("""
            using System;
            using static NativeMethods;

            sealed class HandOff
            {
                public WSAPROTOCOL_INFOW Give(IntPtr connection, int pid)
                {
                    if (WSADuplicateSocketW(connection, pid, out var info) != 0)
                        throw new InvalidOperationException();
                    closesocket(connection);
                    return info;
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Managed_DuplicateAndCloseThenDispose() =>
        Project("""
            using System.Net.Sockets;

            sealed class HandOff
            {
                public SocketInformation Give(Socket connection, int pid)
                {
                    var information = connection.DuplicateAndClose(pid);
                    connection.Dispose();
                    return information;
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Managed_OwnSocket_ShutdownThenClose() =>
        Project("""
            using System.Net;
            using System.Net.Sockets;

            sealed class Uploader
            {
                public void Upload(IPEndPoint server, byte[] payload)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(server);
                    socket.Send(payload);
                    socket.Shutdown(SocketShutdown.Send);
                    socket.Receive(new byte[1]);
                    socket.Close();
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Managed_OwnershipTransferredWithOwnsHandleTrue() =>
        Project("""
            using System;
            using System.Net.Sockets;

            sealed class Connection : IDisposable
            {
                private readonly Socket socket;

                public Connection(IntPtr created) => socket = new Socket(new SafeSocketHandle(created, ownsHandle: true));

                public void Dispose()
                {
                    socket.Shutdown(SocketShutdown.Both);
                    socket.Dispose();
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Receiver_AfterCleanHandOff_ShutsDownGracefully() =>
        Project("""
            using System;
            using static NativeMethods;

            static class Worker
            {
                public static void Serve(WSAPROTOCOL_INFOW received)
                {
                    IntPtr s = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref received, 0, 0);
                    var buffer = new byte[1024];
                    int read = recv(s, buffer, buffer.Length, 0);
                    send(s, buffer, read, 0);
                    shutdown(s, SD_SEND);
                    closesocket(s);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Managed_ReceiverOfSocketInformation() =>
        Project("""
            using System.Net.Sockets;

            static class Worker
            {
                public static void Serve(SocketInformation information)
                {
                    using var socket = new Socket(information);
                    socket.Send(new byte[] { 1 });
                    socket.Shutdown(SocketShutdown.Both);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task PassedInSocket_UnknownProvenance() =>
        Project("""
            using System;
            using static NativeMethods;

            static class Sockets
            {
                public static void CloseGracefully(IntPtr s)
                {
                    shutdown(s, SD_SEND);
                    while (recv(s, new byte[256], 256, 0) > 0) { }
                    closesocket(s);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task OtherSocketOfTheType_IsDuplicated() =>
        Project("""
            using System;
            using static NativeMethods;

            sealed class Gateway
            {
                private readonly IntPtr listener;
                private readonly IntPtr upstream = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

                public Gateway(IntPtr listener) => this.listener = listener;

                public WSAPROTOCOL_INFOW ShareListener(int pid)
                {
                    WSADuplicateSocketW(listener, pid, out var info);
                    return info;
                }

                public void StopUpstream() => shutdown(upstream, SD_BOTH);
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task ShutdownOnTheBranchThatDoesNotDuplicate() =>
        Project("""
            using System;
            using static NativeMethods;

            sealed class Dispatcher
            {
                public WSAPROTOCOL_INFOW? Finish(IntPtr connection, int? worker)
                {
                    if (worker is int pid)
                    {
                        WSADuplicateSocketW(connection, pid, out var info);
                        closesocket(connection);
                        return info;
                    }

                    shutdown(connection, SD_BOTH);
                    closesocket(connection);
                    return null;
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task AdoptedHandle_DisposedWithoutShutdown() =>
        Project("""
            using System;
            using System.Net.Sockets;

            sealed class InheritedConnection : IDisposable
            {
                private readonly Socket socket;

                public InheritedConnection(IntPtr inherited) =>
                    socket = new Socket(new SafeSocketHandle(inherited, ownsHandle: false));

                public int Receive(byte[] buffer) => socket.Receive(buffer);

                public void Dispose() => socket.Dispose();
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task TcpClient_OwnConnection() =>
        Project("""
            using System.Net.Sockets;

            sealed class Probe
            {
                public void Ping(string host, int port)
                {
                    using var client = new TcpClient(host, port);
                    client.GetStream().WriteByte(1);
                    client.Client.Shutdown(SocketShutdown.Send);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task CsWin32_OwnSocket() =>
        Project("""
            using Windows.Win32;
            using Windows.Win32.Networking.WinSock;

            sealed class Probe
            {
                public void Stop(SOCKET connection)
                {
                    PInvoke.shutdown(connection, WINSOCK_SHUTDOWN_HOW.SD_SEND);
                    PInvoke.closesocket(connection);
                }
            }
            """, InteropSources.CsWin32)
            .ValidateAsync();
}
