using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.ShutdownOfSharedSocketAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK005 must not flag: shutdown of unshared sockets, closesocket/Dispose of shared ones.</summary>
public sealed class ShutdownOfSharedSocketAnalyzerValidTests
{
    [Fact]
    public Task OwnSocket_GracefulShutdown() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task AcceptedConnection_WhileTheListenerIsDuplicated() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task HandOff_DuplicateThenCloseSocket() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task Managed_DuplicateAndCloseThenDispose() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task Managed_OwnSocket_ShutdownThenClose() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task Managed_OwnershipTransferredWithOwnsHandleTrue() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task Receiver_AfterCleanHandOff_ShutsDownGracefully() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task Managed_ReceiverOfSocketInformation() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task PassedInSocket_UnknownProvenance() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task OtherSocketOfTheType_IsDuplicated() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task ShutdownOnTheBranchThatDoesNotDuplicate() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task AdoptedHandle_DisposedWithoutShutdown() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task TcpClient_OwnConnection() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task CsWin32_OwnSocket() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    // Real code (the .NET Framework's Socket): a socket-owning class hands its socket off and closes it;
    // before the hand-off it was not shared, after it this object is closed and refuses to run.
    [Fact]
    public Task OwningClass_HandsOffAndCloses_ShutdownInAnotherMethod() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class OwnedSocket
            {
                private readonly IntPtr handle;
                private bool closed;

                public OwnedSocket(IntPtr handle) => this.handle = handle;

                public WSAPROTOCOL_INFOW HandOff(int targetProcessId)
                {
                    WSADuplicateSocketW(handle, targetProcessId, out var info);
                    closed = true;
                    closesocket(handle);
                    return info;
                }

                public void Shutdown()
                {
                    if (closed) throw new ObjectDisposedException(nameof(OwnedSocket));
                    shutdown(handle, SD_BOTH);
                }
            }
            """);

    [Fact]
    public Task OwningClass_HandsOffThroughItsOwnClose_ShutdownInAnotherMethod() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class OwnedSocket
            {
                private readonly IntPtr handle;

                public OwnedSocket(IntPtr handle) => this.handle = handle;

                public WSAPROTOCOL_INFOW HandOff(int targetProcessId)
                {
                    WSADuplicateSocketW(handle, targetProcessId, out var info);
                    Close();
                    return info;
                }

                public void Shutdown() => shutdown(handle, SD_BOTH);

                public void Close() => closesocket(handle);
            }
            """);

    [Fact]
    public Task OwningClass_ManagedDuplicateAndClose_ShutdownInAnotherMethod() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Connection
            {
                private readonly Socket socket;

                public Connection(Socket socket) => this.socket = socket;

                public SocketInformation HandOff(int targetProcessId) => socket.DuplicateAndClose(targetProcessId);

                public void Stop() => socket.Shutdown(SocketShutdown.Both);
            }
            """);

    // Real code (the .NET Framework's Socket): the hand-off closes through Close(int) →
    // IDisposable.Dispose() → Dispose(bool) → SafeHandle.Dispose() on the handle field.
    [Fact]
    public Task OwningClass_HandsOffThroughADisposeChain_ShutdownInAnotherMethod() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class OwnedSocket : IDisposable
            {
                private readonly SafeSocketHandle handle;

                public OwnedSocket(SafeSocketHandle handle) => this.handle = handle;

                public WSAPROTOCOL_INFOW HandOff(int targetProcessId)
                {
                    WSADuplicateSocketW(handle.DangerousGetHandle(), targetProcessId, out var info);
                    Close(-1);
                    return info;
                }

                public void Shutdown() => shutdown(handle.DangerousGetHandle(), SD_BOTH);

                public void Close(int timeout) => ((IDisposable)this).Dispose();

                public void Dispose() => Dispose(true);

                private void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        handle.Dispose();
                    }
                }
            }
            """);
}
