using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.OptionSetAsIfPerDescriptorAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK003 must stay silent: one descriptor, other options, other sockets, clean hand-offs, exclusive paths.</summary>
public sealed class OptionSetAsIfPerDescriptorAnalyzerValidTests
{
    [Fact]
    public Task OneDescriptorSettingAnOptionRepeatedly() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Tuner
            {
                void Grow(IntPtr socket)
                {
                    for (int size = 8192; size <= 1 << 20; size *= 2)
                    {
                        if (setsockopt(socket, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int)) != 0)
                            break;
                    }

                    int final = 1 << 18;
                    setsockopt(socket, SOL_SOCKET, SO_RCVBUF, ref final, sizeof(int));
                }
            }
            """);

    [Fact]
    public Task OneSocketObject_PropertyAndItsOwnHandle_AreOneDescriptor() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            class Connection
            {
                void Configure(Socket socket)
                {
                    socket.NoDelay = true;
                    IntPtr handle = socket.Handle;
                    int off = 0;
                    setsockopt(handle, IPPROTO_TCP, TCP_NODELAY, ref off, sizeof(int));
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
                }
            }
            """);

    [Fact]
    public Task LocalAliasOfTheSameDescriptor() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Configure(IntPtr socket)
                {
                    var sameDescriptor = socket;
                    int size = 65536;
                    setsockopt(socket, SOL_SOCKET, SO_SNDBUF, ref size, sizeof(int));
                    setsockopt(sameDescriptor, SOL_SOCKET, SO_SNDBUF, ref size, sizeof(int));
                }
            }
            """);

    [Fact]
    public Task DifferentOptionsThroughTwoDescriptors() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            class Duplex
            {
                void Configure(Socket socket)
                {
                    var writer = new Socket(new SafeSocketHandle(socket.Handle, ownsHandle: false));
                    socket.ReceiveBufferSize = 1 << 20;
                    socket.ReceiveTimeout = 30_000;
                    writer.SendBufferSize = 1 << 16;
                    writer.SendTimeout = 5_000;
                }
            }
            """);

    [Fact]
    public Task SameNameValueAtAnotherLevel_IsAnotherOption() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Multicast
            {
                const int IPPROTO_IP = 0, IP_TTL = 4, SO_REUSEADDR = 4;

                void Configure(IntPtr socket)
                {
                    WSADuplicateSocketW(socket, Environment.ProcessId, out var info);
                    IntPtr copy = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    int on = 1, ttl = 8;
                    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, ref on, sizeof(int));
                    setsockopt(copy, IPPROTO_IP, IP_TTL, ref ttl, sizeof(int));
                }
            }
            """);

    [Fact]
    public Task UnsharedSockets_EachConfiguredOnce() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Acceptor
            {
                void Serve(IntPtr listener)
                {
                    IntPtr first = accept(listener, IntPtr.Zero, IntPtr.Zero);
                    IntPtr second = accept(listener, IntPtr.Zero, IntPtr.Zero);
                    IntPtr outbound = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                    int size = 1 << 16;
                    setsockopt(first, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                    setsockopt(second, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                    setsockopt(outbound, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                }
            }
            """);

    [Fact]
    public Task ManagedSocketsOfTheirOwn() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            class Clients
            {
                void Open()
                {
                    using var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    using var b = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    a.NoDelay = true;
                    b.NoDelay = false;
                    a.LingerState = new LingerOption(true, 5);
                    b.LingerState = new LingerOption(false, 0);
                }
            }
            """);

    [Fact]
    public Task ReceiverAfterACleanHandOff_SourceClosedFirst() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class HandOff
            {
                IntPtr Transfer(IntPtr source)
                {
                    int size = 1 << 20;
                    setsockopt(source, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                    WSADuplicateSocketW(source, Environment.ProcessId, out var info);
                    IntPtr target = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    closesocket(source);

                    int smaller = 1 << 16;
                    setsockopt(target, SOL_SOCKET, SO_RCVBUF, ref smaller, sizeof(int));
                    return target;
                }
            }
            """);

    [Fact]
    public Task ReceiverAfterDuplicateAndClose() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            class Migration
            {
                Socket Migrate(Socket source)
                {
                    source.NoDelay = true;
                    source.ReceiveBufferSize = 1 << 20;
                    SocketInformation info = source.DuplicateAndClose(Environment.ProcessId);
                    var receiver = new Socket(info);
                    receiver.NoDelay = false;
                    receiver.ReceiveBufferSize = 1 << 16;
                    return receiver;
                }
            }
            """);

    [Fact]
    public Task ExclusiveBranches_OnlyOneDescriptorSetsTheOption() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            class Modes
            {
                void Configure(Socket socket, bool bulk)
                {
                    var view = new Socket(new SafeSocketHandle(socket.Handle, ownsHandle: false));
                    if (bulk)
                    {
                        view.SendBufferSize = 1 << 20;
                    }
                    else
                    {
                        socket.SendBufferSize = 1 << 14;
                    }

                    var keepAlive = bulk ? (socket.ReceiveTimeout = 0) : (view.ReceiveTimeout = 1000);
                }
            }
            """);

    [Fact]
    public Task EarlyReturn_TheSecondSetNeverFollowsTheFirst() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            class Modes
            {
                void Configure(Socket socket, bool interactive)
                {
                    var view = new Socket(new SafeSocketHandle(socket.Handle, ownsHandle: false));
                    if (interactive)
                    {
                        socket.NoDelay = true;
                        return;
                    }

                    view.NoDelay = false;
                }
            }
            """);

    [Fact]
    public Task OptionsNotKnownAtCompileTime() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Generic
            {
                void Apply(IntPtr socket, int level, int name, int value)
                {
                    WSADuplicateSocketW(socket, Environment.ProcessId, out var info);
                    IntPtr copy = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    setsockopt(socket, level, name, ref value, sizeof(int));
                    setsockopt(copy, level, name, ref value, sizeof(int));
                }
            }
            """);

    [Fact]
    public Task ReadingThroughTheOtherDescriptor_IsWhatSharingIsFor() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Inspector
            {
                int Check(IntPtr socket)
                {
                    WSADuplicateSocketW(socket, Environment.ProcessId, out var info);
                    IntPtr copy = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                    int size = 1 << 16;
                    setsockopt(socket, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                    int length = sizeof(int);
                    getsockopt(copy, SOL_SOCKET, SO_RCVBUF, out var seen, ref length);
                    return seen;
                }
            }
            """);

    [Fact]
    public Task TwoListenersInOneType_FieldsHoldingDifferentSockets() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;

            sealed class DualStackServer
            {
                private readonly Socket v4 = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private readonly Socket v6 = new(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);

                public void Start()
                {
                    v4.ExclusiveAddressUse = true;
                    v6.ExclusiveAddressUse = true;
                    v6.DualMode = false;
                    v4.Bind(new IPEndPoint(IPAddress.Any, 8080));
                    v6.Bind(new IPEndPoint(IPAddress.IPv6Any, 8080));
                }
            }
            """);

    [Fact]
    public Task VanaraStyleBindings_OneDescriptor() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                class Tuner
                {
                    const int SOL_SOCKET = 0xffff, SO_RCVBUF = 0x1002;

                    void Tune(IntPtr raw, IntPtr buffer)
                    {
                        var socket = new SOCKET(raw);
                        Ws2_32.setsockopt(socket, SOL_SOCKET, SO_RCVBUF, buffer, 4);
                        Ws2_32.setsockopt(new SOCKET(raw), SOL_SOCKET, SO_RCVBUF, buffer, 4);
                    }
                }
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    [Fact]
    public Task LibraryImportBindings_DifferentSocketsPerConnection() =>
        new Verify.Test
        {
            TestCode = """
                using System.Collections.Generic;

                sealed class Connections
                {
                    const int IPPROTO_TCP = 6, TCP_NODELAY = 1;

                    void TuneAll(IReadOnlyList<nint> sockets)
                    {
                        int on = 1;
                        foreach (var socket in sockets)
                        {
                            Ws2.setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, ref on, sizeof(int));
                        }
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();
}
