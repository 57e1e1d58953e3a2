using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.OptionSetAsIfPerDescriptorAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK003 must flag: one option of one socket set through two of its descriptors or Socket objects.</summary>
public sealed class OptionSetAsIfPerDescriptorAnalyzerTests
{
    [Fact]
    public Task InProcessDuplicate_ReceiveBufferPerWorker_NamesBothDescriptorsAndTheOption() =>
        Verify.VerifyAnalyzerAsync("""
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
                    {|#1:setsockopt(workerSocket, SOL_SOCKET, SO_RCVBUF, ref workerBuffer, sizeof(int))|};
                    return workerSocket;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'setsockopt(workerSocket, SOL_SOCKET, SO_RCVBUF, ref workerBuffer, sizeof(int))' sets SO_RCVBUF through 'workerSocket', but 'setsockopt(listener, SOL_SOCKET, SO_RCVBUF, ref listenerBuffer, sizeof(int))' at line 9 set it through 'listener': options belong to the socket, so every descriptor sees whichever value was set last"));

    [Fact]
    public Task SocketObjectOverAnotherSocketsHandle_ManagedProperty() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            class Connection
            {
                void Configure(Socket original)
                {
                    {|#0:original.ReceiveBufferSize = 64 * 1024|};
                    var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                    {|#1:view.ReceiveBufferSize = 8 * 1024|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'view.ReceiveBufferSize = 8 * 1024' sets SO_RCVBUF through 'view', but 'original.ReceiveBufferSize = 64 * 1024' at line 7 set it through 'original': options belong to the socket, so every descriptor sees whichever value was set last"));

    [Fact]
    public Task ManagedPropertyAndNativeSetsockopt_AreTheSameOption() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class LatencySensitiveChannel
            {
                public void Open(Socket socket)
                {
                    {|#1:socket.NoDelay = true|};
                    var rawView = new Socket(new SafeSocketHandle(socket.Handle, false));
                    int off = 0;
                    {|#0:setsockopt(rawView.Handle, IPPROTO_TCP, TCP_NODELAY, ref off, sizeof(int))|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("'setsockopt(rawView.Handle, IPPROTO_TCP, TCP_NODELAY, ref off, sizeof(int))' sets TCP_NODELAY through 'rawView.Handle', but 'socket.NoDelay = true' at line 9 set it through 'socket': options belong to the socket, so every descriptor sees whichever value was set last"));

    [Fact]
    public Task SetSocketOptionAndOptionProperty_ThroughTwoSocketObjects() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Uploader
            {
                public void Prepare(Socket control)
                {
                    {|#1:control.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, 1 << 20)|};
                    using var bulk = new Socket(new SafeSocketHandle(control.Handle, ownsHandle: false));
                    {|#0:bulk.SendBufferSize = 4096|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("'bulk.SendBufferSize = 4096' sets SO_SNDBUF through 'bulk', but 'control.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, …' at line 7 set it through 'control': options belong to the socket, so every descriptor sees whichever value was set last"));

    [Fact]
    public Task FieldsAliasingOneSocket_RolesConfiguredInTwoMethods() =>
        Verify.VerifyAnalyzerAsync("""
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
                    {|#1:writer.ReceiveTimeout = 1_000|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'writer.ReceiveTimeout = 1_000' sets SO_RCVTIMEO through 'writer', but 'reader.ReceiveTimeout = 30_000' at line 14 set it through 'reader': options belong to the socket, so every descriptor sees whichever value was set last"));

    [Fact]
    public Task TwoThreadBodies_EachTuningItsOwnView() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task ProjectWrapperForwardingTheDescriptor() =>
        Verify.VerifyAnalyzerAsync("""
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
                    {|#1:SocketTuning.EnableKeepAlive(monitor)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'SocketTuning.EnableKeepAlive(monitor)' sets SO_KEEPALIVE through 'monitor', but 'SocketTuning.EnableKeepAlive(connection)' at line 18 set it through 'connection': options belong to the socket, so every descriptor sees whichever value was set last"));

    [Fact]
    public Task LibraryImportBindings_InProcessDuplicate() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();

    [Fact]
    public Task CsWin32StyleBindings_WithSocketStructsOverTwoSocketObjects() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task VanaraStyleBindings_InProcessDuplicate() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    [Fact]
    public Task ThreeDescriptors_EachLaterSetPointsAtTheFirst() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            class Fanout
            {
                void Configure(Socket origin)
                {
                    var a = new Socket(new SafeSocketHandle(origin.Handle, false));
                    var b = new Socket(new SafeSocketHandle(origin.Handle, false));
                    {|#0:origin.Ttl = 64|};
                    {|#1:a.Ttl = 32|};
                    {|#2:b.Ttl = 16|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'a.Ttl = 32' sets IP_TTL through 'a', but 'origin.Ttl = 64' at line 9 set it through 'origin': options belong to the socket, so every descriptor sees whichever value was set last"),
            Verify.Diagnostic()
                .WithLocation(2)
                .WithLocation(0)
                .WithMessage("'b.Ttl = 16' sets IP_TTL through 'b', but 'origin.Ttl = 64' at line 9 set it through 'origin': options belong to the socket, so every descriptor sees whichever value was set last"));

    [Fact]
    public Task SourceClosedOnlyAfterTheReceiverSetsTheOption_IsNotACleanHandOff() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task InsideALoop_EachIterationRetunesThroughTheDuplicate() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task PartialClassAcrossFiles_NamesTheOtherFile() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Gateway.Inbound.cs", """
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
                        """),
                    ("Gateway.Outbound.cs", """
                        using System.Net.Sockets;

                        partial class Gateway
                        {
                            private readonly Socket outbound;

                            public void TuneOutbound()
                            {
                                {|#1:outbound.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, false)|};
                            }
                        }
                        """),
                },
            },
            ExpectedDiagnostics =
            {
                Verify.Diagnostic()
                    .WithLocation(1)
                    .WithLocation(0)
                    .WithMessage("'outbound.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, …' sets SO_BROADCAST through 'outbound', but 'inbound.EnableBroadcast = true' at Gateway.Inbound.cs:13 set it through 'inbound': options belong to the socket, so every descriptor sees whichever value was set last"),
            },
        }.RunAsync();
}
