using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.OptionSetAsIfPerDescriptorAnalyzer,
    SharedSockets.CodeFixes.Fixes.OptionSetAsIfPerDescriptorFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK003 fixes: drop a set that repeats the value in effect; set the option through the first descriptor.</summary>
public sealed class OptionSetAsIfPerDescriptorFixTests
{
    private const string Remove = OptionSetAsIfPerDescriptorFixProvider.RemoveRedundantSetKey;
    private const string ThroughFirst = OptionSetAsIfPerDescriptorFixProvider.SetThroughFirstDescriptorKey;

    [Fact]
    public Task SameValueThroughAnInProcessDuplicate_RemovesTheLaterSet() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class WorkerPool
                {
                    IntPtr StartWorker(IntPtr listener)
                    {
                        int size = 256 * 1024;
                        setsockopt(listener, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                        WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                        IntPtr worker = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                        [|setsockopt(worker, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int))|];
                        return worker;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                class WorkerPool
                {
                    IntPtr StartWorker(IntPtr listener)
                    {
                        int size = 256 * 1024;
                        setsockopt(listener, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                        WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                        IntPtr worker = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                        return worker;
                    }
                }
                """,
            CodeActionEquivalenceKey = Remove,
        }.RunAsync();

    [Fact]
    public Task SameValueThroughSocketViews_FixAllRemovesEveryRepeat() =>
        new Verify.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using System.Net.Sockets;

                class Fanout
                {
                    List<Socket> Spread(Socket origin)
                    {
                        origin.NoDelay = true;
                        var a = new Socket(new SafeSocketHandle(origin.Handle, false));
                        {|SOCK003:a.NoDelay = true|};
                        var b = new Socket(new SafeSocketHandle(origin.Handle, false));
                        {|SOCK003:b.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true)|};
                        return new List<Socket> { a, b };
                    }
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Net.Sockets;

                class Fanout
                {
                    List<Socket> Spread(Socket origin)
                    {
                        origin.NoDelay = true;
                        var a = new Socket(new SafeSocketHandle(origin.Handle, false));
                        var b = new Socket(new SafeSocketHandle(origin.Handle, false));
                        return new List<Socket> { a, b };
                    }
                }
                """,
            CodeActionEquivalenceKey = Remove,
        }.RunAsync();

    [Fact]
    public Task SameValueButTheEarlierSetIsConditional_RemovalIsNotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                class Connection
                {
                    void Configure(Socket original, bool interactive)
                    {
                        var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                        if (interactive)
                        {
                            original.NoDelay = true;
                        }

                        [|view.NoDelay = true|];
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = Remove,
        }.RunAsync();

    [Fact]
    public Task AnotherValueInBetween_RemovalIsNotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                class Connection
                {
                    void Configure(Socket original)
                    {
                        var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                        original.SendBufferSize = 4096;
                        original.SendBufferSize = 65536;
                        [|view.SendBufferSize = 4096|];
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = Remove,
        }.RunAsync();

    [Fact]
    public Task OtherValueThroughAView_SetsItThroughTheFirstSocketObject() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                class Connection
                {
                    void Configure(Socket original)
                    {
                        original.ReceiveBufferSize = 64 * 1024;
                        var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                        [|view.ReceiveBufferSize = 8 * 1024|];
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                class Connection
                {
                    void Configure(Socket original)
                    {
                        original.ReceiveBufferSize = 64 * 1024;
                        var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                        original.ReceiveBufferSize = 8 * 1024;
                    }
                }
                """,
            CodeActionEquivalenceKey = ThroughFirst,
        }.RunAsync();

    [Fact]
    public Task NativeSetAfterAManagedProperty_UsesTheFirstSocketsHandle() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            FixedCode = """
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
                        setsockopt(socket.Handle, IPPROTO_TCP, TCP_NODELAY, ref off, sizeof(int));
                    }
                }
                """,
            CodeActionEquivalenceKey = ThroughFirst,
        }.RunAsync();

    [Fact]
    public Task FieldsAcrossMethods_SetThroughTheReaderField() =>
        new Verify.Test
        {
            TestCode = """
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

                    public void ConfigureReader() => reader.ReceiveTimeout = 30_000;

                    public void ConfigureWriter() => [|writer.ReceiveTimeout = 1_000|];
                }
                """,
            FixedCode = """
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

                    public void ConfigureReader() => reader.ReceiveTimeout = 30_000;

                    public void ConfigureWriter() => reader.ReceiveTimeout = 1_000;
                }
                """,
            CodeActionEquivalenceKey = ThroughFirst,
        }.RunAsync();

    [Fact]
    public Task ThroughAProjectWrapper_PassesTheFirstDescriptor() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class SocketTuning
                {
                    public static void SetReceiveBuffer(IntPtr socket, int size) =>
                        setsockopt(socket, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                }

                class Supervisor
                {
                    void HandOver(IntPtr connection)
                    {
                        SocketTuning.SetReceiveBuffer(connection, 1 << 20);
                        WSADuplicateSocketW(connection, Environment.ProcessId, out var info);
                        IntPtr monitor = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                        [|SocketTuning.SetReceiveBuffer(monitor, 1 << 20)|];
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                static class SocketTuning
                {
                    public static void SetReceiveBuffer(IntPtr socket, int size) =>
                        setsockopt(socket, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                }

                class Supervisor
                {
                    void HandOver(IntPtr connection)
                    {
                        SocketTuning.SetReceiveBuffer(connection, 1 << 20);
                        WSADuplicateSocketW(connection, Environment.ProcessId, out var info);
                        IntPtr monitor = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                        SocketTuning.SetReceiveBuffer(connection, 1 << 20);
                    }
                }
                """,
            CodeActionEquivalenceKey = ThroughFirst,
        }.RunAsync();

    [Fact]
    public Task ThroughAProjectWrapper_RemovalIsNotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class SocketTuning
                {
                    public static void EnableKeepAlive(IntPtr socket)
                    {
                        int on = 1;
                        setsockopt(socket, SOL_SOCKET, SO_KEEPALIVE, ref on, sizeof(int));
                    }
                }

                class Supervisor
                {
                    void HandOver(IntPtr connection)
                    {
                        SocketTuning.EnableKeepAlive(connection);
                        WSADuplicateSocketW(connection, Environment.ProcessId, out var info);
                        IntPtr monitor = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                        [|SocketTuning.EnableKeepAlive(monitor)|];
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = Remove,
        }.RunAsync();

    [Fact]
    public Task CsWin32SocketStructs_RewrapsTheFirstHandle() =>
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
            FixedCode = """
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
                        PInvoke.setsockopt(new SOCKET((nuint)(nint)primary.Handle), PInvoke.SOL_SOCKET, PInvoke.SO_RCVBUF, (byte*)&small, sizeof(int));
                    }
                }
                """,
            CodeActionEquivalenceKey = ThroughFirst,
        }.RunAsync();

    [Fact]
    public Task ThreeSocketObjects_FixAllRoutesEverySetThroughTheFirst() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                class Fanout
                {
                    void Configure(Socket origin)
                    {
                        var a = new Socket(new SafeSocketHandle(origin.Handle, false));
                        var b = new Socket(new SafeSocketHandle(origin.Handle, false));
                        origin.Ttl = 64;
                        {|SOCK003:a.Ttl = 32|};
                        {|SOCK003:b.Ttl = 16|};
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                class Fanout
                {
                    void Configure(Socket origin)
                    {
                        var a = new Socket(new SafeSocketHandle(origin.Handle, false));
                        var b = new Socket(new SafeSocketHandle(origin.Handle, false));
                        origin.Ttl = 64;
                        origin.Ttl = 32;
                        origin.Ttl = 16;
                    }
                }
                """,
            CodeActionEquivalenceKey = ThroughFirst,
        }.RunAsync();

    [Fact]
    public Task FirstDescriptorIsAParameterOfAnotherMethod_NoFixIsOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Broker
                {
                    private IntPtr worker;

                    public void Share(IntPtr client)
                    {
                        int size = 1 << 20;
                        setsockopt(client, SOL_SOCKET, SO_SNDBUF, ref size, sizeof(int));
                        WSADuplicateSocketW(client, Environment.ProcessId, out var info);
                        worker = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    }

                    public void Throttle()
                    {
                        int size = 4096;
                        [|setsockopt(worker, SOL_SOCKET, SO_SNDBUF, ref size, sizeof(int))|];
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();
}
