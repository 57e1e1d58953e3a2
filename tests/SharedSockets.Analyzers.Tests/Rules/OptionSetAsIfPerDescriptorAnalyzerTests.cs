using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK003 must flag: one option of one socket set through two of its descriptors or Socket objects.</summary>
public sealed class OptionSetAsIfPerDescriptorAnalyzerTests
{
    private static ProjectBuilder Project(string code, string interop = InteropSources.DllImport) =>
        ProjectBuilder.Create()
            .WithAnalyzer<OptionSetAsIfPerDescriptorAnalyzer>()
            .WithSourceCode("Interop.cs", interop)
            .WithSourceCode(code);

    [Fact]
    public Task InProcessDuplicate_ReceiveBufferPerWorker_NamesBothDescriptorsAndTheOption() =>
        Project("""
            using System;
            using static NativeMethods;

            class WorkerPool
            {
                IntPtr StartWorker(IntPtr listener)
                {
                    int listenerBuffer = 256 * 1024;
                    {|#0:setsockopt(listener, SOL_SOCKET, SO_RCVBUF, ref listenerBuffer, sizeof(int))|};

                    WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                    IntPtr workerSocket = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    int workerBuffer = 16 * 1024;
                    [|setsockopt(workerSocket, SOL_SOCKET, SO_RCVBUF, ref workerBuffer, sizeof(int))|];
                    return workerSocket;
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK003",
                "'setsockopt(workerSocket, SOL_SOCKET, SO_RCVBUF, ref workerBuffer, sizeof(int))' sets SO_RCVBUF through 'workerSocket', but 'setsockopt(listener, SOL_SOCKET, SO_RCVBUF, ref listenerBuffer, sizeof(int))' at line 9 set it through 'listener': options belong to the socket, so every descriptor sees whichever value was set last",
                Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
                "#0")
            .ValidateAsync();

    [Fact]
    public Task SocketObjectOverAnotherSocketsHandle_ManagedProperty() =>
        Project("""
            using System.Net.Sockets;

            class Connection
            {
                void Configure(Socket original)
                {
                    {|#0:original.ReceiveBufferSize = 64 * 1024|};
                    var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                    [|view.ReceiveBufferSize = 8 * 1024|];
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK003",
                "'view.ReceiveBufferSize = 8 * 1024' sets SO_RCVBUF through 'view', but 'original.ReceiveBufferSize = 64 * 1024' at line 7 set it through 'original': options belong to the socket, so every descriptor sees whichever value was set last",
                additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task ManagedPropertyAndNativeSetsockopt_AreTheSameOption() =>
        Project("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class LatencySensitiveChannel
            {
                public void Open(Socket socket)
                {
                    socket.NoDelay = true;
                    var rawView = new Socket(new SafeSocketHandle(socket.Handle, false));
                    int off = 0;
                    [|setsockopt(rawView.Handle, IPPROTO_TCP, TCP_NODELAY, ref off, sizeof(int))|];
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK003", "'setsockopt(rawView.Handle, IPPROTO_TCP, TCP_NODELAY, ref off, sizeof(int))' sets TCP_NODELAY through 'rawView.Handle', but 'socket.NoDelay = true' at line 9 set it through 'socket': options belong to the socket, so every descriptor sees whichever value was set last")
            .ValidateAsync();

    [Fact]
    public Task SetSocketOptionAndOptionProperty_ThroughTwoSocketObjects() =>
        Project("""
            using System.Net.Sockets;

            sealed class Uploader
            {
                public void Prepare(Socket control)
                {
                    control.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, 1 << 20);
                    using var bulk = new Socket(new SafeSocketHandle(control.Handle, ownsHandle: false));
                    [|bulk.SendBufferSize = 4096|];
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK003", "'bulk.SendBufferSize = 4096' sets SO_SNDBUF through 'bulk', but 'control.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, …' at line 7 set it through 'control': options belong to the socket, so every descriptor sees whichever value was set last")
            .ValidateAsync();

    [Fact]
    public Task FieldsAliasingOneSocket_RolesConfiguredInTwoMethods() =>
        Project("""
            using System.Net.Sockets;

            sealed class Session
            {
                private readonly Socket reader;
                private readonly Socket writer;

                public Session(Socket accepted)
                {
                    reader = accepted;
                    writer = new Socket(new SafeSocketHandle(accepted.Handle, ownsHandle: false));
                }

                public void ConfigureReader() => {|#0:reader.ReceiveTimeout = 30_000|};

                public void ConfigureWriter()
                {
                    writer.SendTimeout = 5_000;
                    [|writer.ReceiveTimeout = 1_000|];
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK003", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task TwoThreadBodies_EachTuningItsOwnView() =>
        Project("""
            using System.Net.Sockets;
            using System.Threading;

            class Roles
            {
                void Run(Socket socket)
                {
                    var sender = new Socket(new SafeSocketHandle(socket.Handle, ownsHandle: false));
                    var receiveThread = new Thread(() =>
                    {
                        socket.LingerState = new LingerOption(true, 10);
                        socket.Receive(new byte[1024]);
                    });
                    var sendThread = new Thread(() =>
                    {
                        [|sender.LingerState = new LingerOption(false, 0)|];
                        sender.Send(new byte[16]);
                    });
                    receiveThread.Start();
                    sendThread.Start();
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK003")
            .ValidateAsync();

    [Fact]
    public Task ProjectWrapperForwardingTheDescriptor() =>
        Project("""
            using System;
            using static NativeMethods;

            static class SocketTuning
            {
                public static void EnableKeepAlive(IntPtr socket)
                {
                    int on = 1;
                    if (setsockopt(socket, SOL_SOCKET, SO_KEEPALIVE, ref on, sizeof(int)) != 0)
                        throw new InvalidOperationException("setsockopt failed");
                }
            }

            class Supervisor
            {
                void HandOver(IntPtr connection)
                {
                    {|#0:SocketTuning.EnableKeepAlive(connection)|};
                    WSADuplicateSocketW(connection, Environment.ProcessId, out var info);
                    IntPtr monitor = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    [|SocketTuning.EnableKeepAlive(monitor)|];
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK003", "'SocketTuning.EnableKeepAlive(monitor)' sets SO_KEEPALIVE through 'monitor', but 'SocketTuning.EnableKeepAlive(connection)' at line 18 set it through 'connection': options belong to the socket, so every descriptor sees whichever value was set last", null, "#0")
            .ValidateAsync();

    [Fact]
    public Task LibraryImportBindings_InProcessDuplicate() =>
        ProjectBuilder.Create()
            .WithAnalyzer<OptionSetAsIfPerDescriptorAnalyzer>()
            .WithLibraryImportGenerator()
            .WithSourceCode("Interop.cs", InteropSources.LibraryImport)
            .WithSourceCode("""
                sealed class Forwarder
                {
                    const int SOL_SOCKET = 0xffff, SO_SNDBUF = 0x1001;

                    nint Spawn(nint upstream, int workerProcessId)
                    {
                        int size = 1 << 16;
                        Ws2.setsockopt(upstream, SOL_SOCKET, SO_SNDBUF, ref size, sizeof(int));
                        Ws2.DuplicateSocket(upstream, workerProcessId, out var info);
                        nint local = Ws2.SocketFromInfo(2, 1, 6, ref info, 0, 0);
                        int small = 1024;
                        [|Ws2.setsockopt(local, SOL_SOCKET, SO_SNDBUF, ref small, sizeof(int))|];
                        return local;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task CsWin32StyleBindings_WithSocketStructsOverTwoSocketObjects() =>
        Project("""
            using System.Net.Sockets;
            using Windows.Win32;
            using Windows.Win32.Networking.WinSock;

            unsafe class Tuner
            {
                void Tune(Socket primary)
                {
                    var secondary = new Socket(new SafeSocketHandle(primary.Handle, ownsHandle: false));
                    int large = 1 << 20, small = 4096;
                    PInvoke.setsockopt(new SOCKET((nuint)(nint)primary.Handle), PInvoke.SOL_SOCKET, PInvoke.SO_RCVBUF, (byte*)&large, sizeof(int));
                    [|PInvoke.setsockopt(new SOCKET((nuint)(nint)secondary.Handle), PInvoke.SOL_SOCKET, PInvoke.SO_RCVBUF, (byte*)&small, sizeof(int))|];
                }
            }
            """, InteropSources.CsWin32)
            .ShouldReportDiagnostic("SOCK003")
            .ValidateAsync();

    [Fact]
    public Task VanaraStyleBindings_InProcessDuplicate() =>
        Project("""
            using System;
            using System.Runtime.InteropServices;
            using Vanara.PInvoke;
            using static Vanara.PInvoke.Ws2_32;

            class Broker
            {
                const int SOL_SOCKET = 0xffff, SO_RCVBUF = 0x1002;

                SOCKET Share(SOCKET client, IntPtr sizeBuffer)
                {
                    Ws2_32.setsockopt(client, SOL_SOCKET, SO_RCVBUF, sizeBuffer, 4);
                    Ws2_32.WSADuplicateSocket(client, (uint)Environment.ProcessId, out var info);
                    SOCKET copy = Ws2_32.WSASocket(2, 1, 6, in info, 0, 0);
                    [|Ws2_32.setsockopt(copy, SOL_SOCKET, SO_RCVBUF, sizeBuffer, 4)|];
                    return copy;
                }
            }
            """, InteropSources.Vanara)
            .ShouldReportDiagnostic("SOCK003")
            .ValidateAsync();

    [Fact]
    public Task ThreeDescriptors_EachLaterSetPointsAtTheFirst() =>
        Project("""
            using System.Net.Sockets;

            class Fanout
            {
                void Configure(Socket origin)
                {
                    var a = new Socket(new SafeSocketHandle(origin.Handle, false));
                    var b = new Socket(new SafeSocketHandle(origin.Handle, false));
                    {|#0:origin.Ttl = 64|};
                    {|SOCK003:a.Ttl = 32|};
                    {|SOCK003:b.Ttl = 16|};
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK003", additionalLocationMarkers: "#0")
            .ShouldReportDiagnostic("SOCK003", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task SourceClosedOnlyAfterTheReceiverSetsTheOption_IsNotACleanHandOff() =>
        Project("""
            using System;
            using static NativeMethods;

            class HandOff
            {
                IntPtr Transfer(IntPtr source)
                {
                    int linger = 1;
                    setsockopt(source, SOL_SOCKET, SO_LINGER, ref linger, sizeof(int));
                    WSADuplicateSocketW(source, Environment.ProcessId, out var info);
                    IntPtr target = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    [|setsockopt(target, SOL_SOCKET, SO_LINGER, ref linger, sizeof(int))|];
                    closesocket(source);
                    return target;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK003")
            .ValidateAsync();

    [Fact]
    public Task InsideALoop_EachIterationRetunesThroughTheDuplicate() =>
        Project("""
            using System;
            using System.Collections.Generic;
            using System.Net.Sockets;

            class Pool
            {
                List<Socket> Spread(Socket listener, int workers)
                {
                    var views = new List<Socket>();
                    listener.ExclusiveAddressUse = true;
                    for (var i = 0; i < workers; i++)
                    {
                        var view = new Socket(new SafeSocketHandle(listener.Handle, ownsHandle: false));
                        [|view.ExclusiveAddressUse = false|];
                        views.Add(view);
                    }

                    return views;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK003")
            .ValidateAsync();

    [Fact]
    public Task PartialClassAcrossFiles_NamesTheOtherFile() =>
        ProjectBuilder.Create()
            .WithAnalyzer<OptionSetAsIfPerDescriptorAnalyzer>()
            .WithSourceCode("Interop.cs", InteropSources.DllImport)
            .WithSourceCode("Gateway.Inbound.cs", """
                using System.Net.Sockets;

                partial class Gateway
                {
                    private readonly Socket inbound;

                    public Gateway(Socket socket)
                    {
                        inbound = socket;
                        outbound = new Socket(new SafeSocketHandle(socket.Handle, ownsHandle: false));
                    }

                    public void TuneInbound() => {|#0:inbound.EnableBroadcast = true|};
                }
                """)
            .WithSourceCode("Gateway.Outbound.cs", """
                using System.Net.Sockets;

                partial class Gateway
                {
                    private readonly Socket outbound;

                    public void TuneOutbound()
                    {
                        [|outbound.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, false)|];
                    }
                }
                """)
            .ShouldReportDiagnostic("SOCK003", "'outbound.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, …' sets SO_BROADCAST through 'outbound', but 'inbound.EnableBroadcast = true' at Gateway.Inbound.cs:13 set it through 'inbound': options belong to the socket, so every descriptor sees whichever value was set last", null, "#0")
            .ValidateAsync();
}
