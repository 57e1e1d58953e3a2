using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.EventRegistrationCancelsEarlierAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK001 must stay silent: mask updates, clears, separate sockets, exclusive branches.</summary>
public sealed class EventRegistrationCancelsEarlierAnalyzerValidTests
{
    [Fact]
    public Task SameEventObject_NewMask_IsTheDocumentedWayToChangeTheMask() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Run(IntPtr socket, IntPtr signal)
                {
                    WSAEventSelect(socket, signal, FD_CONNECT);
                    WSAEventSelect(socket, signal, FD_READ | FD_WRITE | FD_CLOSE);
                }
            }
            """);

    [Fact]
    public Task SameEventObject_ThroughALocalAliasOfTheField() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                private readonly IntPtr signal = WSACreateEvent();

                void Run(IntPtr socket)
                {
                    var ev = signal;
                    WSAEventSelect(socket, ev, FD_READ);
                    WSAEventSelect(socket, signal, FD_READ | FD_WRITE);
                }
            }
            """);

    [Fact]
    public Task ClearingCallBeforeTheNewTarget() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Switch(IntPtr socket, IntPtr first, IntPtr second)
                {
                    WSAEventSelect(socket, first, FD_READ);
                    WSAEventSelect(socket, IntPtr.Zero, 0);
                    WSAEventSelect(socket, second, FD_WRITE);
                }
            }
            """);

    [Theory]
    [InlineData("WSAEventSelect(socket, default, 0)")]
    [InlineData("WSAEventSelect(socket, IntPtr.Zero, 0)")]
    [InlineData("WSAEventSelect(socket, first, 0)")]
    [InlineData("WSAAsyncSelect(socket, IntPtr.Zero, 0, 0)")]
    public Task EveryClearingSpellingEndsTheRegistration(string clear) =>
        Verify.VerifyAnalyzerAsync($$"""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Switch(IntPtr socket, IntPtr first, IntPtr second)
                {
                    WSAEventSelect(socket, first, FD_READ);
                    {{clear}};
                    WSAEventSelect(socket, second, FD_WRITE);
                }
            }
            """);

    [Fact]
    public Task ManySockets_OneRegistrationEach() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Pool
            {
                void Run()
                {
                    IntPtr a = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                    IntPtr b = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                    WSAEventSelect(a, WSACreateEvent(), FD_READ);
                    WSAEventSelect(b, WSACreateEvent(), FD_WRITE);
                }
            }
            """);

    [Fact]
    public Task LocalReassignedToANewSocketBetweenRegistrations() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Server
            {
                void Serve(IntPtr listener, IntPtr first, IntPtr second)
                {
                    IntPtr client = accept(listener, IntPtr.Zero, IntPtr.Zero);
                    WSAEventSelect(client, first, FD_READ);
                    client = accept(listener, IntPtr.Zero, IntPtr.Zero);
                    WSAEventSelect(client, second, FD_READ);
                }
            }
            """);

    [Fact]
    public Task IfElseBranches_OnlyOneRuns() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Attach(IntPtr socket, IntPtr readEvent, IntPtr window, bool useWindow)
                {
                    if (useWindow)
                    {
                        WSAAsyncSelect(socket, window, WM_USER + 1, FD_READ);
                    }
                    else
                    {
                        WSAEventSelect(socket, readEvent, FD_READ);
                    }
                }
            }
            """);

    [Fact]
    public Task SwitchSections_OnlyOneRuns() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Attach(IntPtr socket, IntPtr a, IntPtr b, int mode)
                {
                    switch (mode)
                    {
                        case 0:
                            WSAEventSelect(socket, a, FD_READ);
                            break;
                        default:
                            WSAEventSelect(socket, b, FD_WRITE);
                            break;
                    }
                }
            }
            """);

    [Fact]
    public Task MethodThatCleansUpAfterItself() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Probe
            {
                private readonly IntPtr socket;
                public Probe(IntPtr socket) => this.socket = socket;

                public void WaitForConnect(IntPtr connectEvent)
                {
                    WSAEventSelect(socket, connectEvent, FD_CONNECT);
                    // ... wait ...
                    WSAEventSelect(socket, IntPtr.Zero, 0);
                }

                public void StartReading(IntPtr readEvent) => WSAEventSelect(socket, readEvent, FD_READ);
            }
            """);

    [Fact]
    public Task TwoFields_TwoSockets() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Bridge
            {
                private readonly IntPtr upstream = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                private readonly IntPtr downstream = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                private readonly IntPtr upEvent = WSACreateEvent();
                private readonly IntPtr downEvent = WSACreateEvent();

                public void Start()
                {
                    WSAEventSelect(upstream, upEvent, FD_READ);
                    WSAEventSelect(downstream, downEvent, FD_READ);
                }
            }
            """);

    [Fact]
    public Task AsyncSelect_SameWindowAndMessageUnderTwoConstantNames() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Ui
            {
                const uint WM_SOCKET = WM_USER + 1;
                const uint WM_NET = 0x0401;

                void Attach(IntPtr socket, IntPtr window)
                {
                    WSAAsyncSelect(socket, window, WM_SOCKET, FD_CONNECT);
                    WSAAsyncSelect(socket, window, WM_NET, FD_READ | FD_CLOSE);
                }
            }
            """);

    [Fact]
    public Task UnrelatedManagedSockets() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            class Pair
            {
                void Run(IntPtr a, IntPtr b)
                {
                    using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    WSAEventSelect(first.Handle, a, FD_READ);
                    WSAEventSelect(second.Handle, b, FD_READ);
                }
            }
            """);

    [Fact]
    public Task MethodNamedLikeWinsockButNotAnImport() =>
        Verify.VerifyAnalyzerAsync("""
            using System;

            class Fake
            {
                static int WSAEventSelect(IntPtr s, IntPtr e, int mask) => 0;

                void Run(IntPtr s, IntPtr a, IntPtr b)
                {
                    WSAEventSelect(s, a, 1);
                    WSAEventSelect(s, b, 2);
                }
            }
            """);

    [Fact]
    public Task SameNameImportedFromAnotherLibrary() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Runtime.InteropServices;

            static class Emulator
            {
                [DllImport("socketemu.so")]
                public static extern int WSAEventSelect(IntPtr s, IntPtr e, int mask);

                static void Run(IntPtr s, IntPtr a, IntPtr b)
                {
                    WSAEventSelect(s, a, 1);
                    WSAEventSelect(s, b, 2);
                }
            }
            """);

    [Fact]
    public Task RegistrationPerAcceptedClientInALoop() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using static NativeMethods;

            class Server
            {
                readonly List<(IntPtr Socket, IntPtr Event)> clients = new();

                void AcceptLoop(IntPtr listener, int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        var client = accept(listener, IntPtr.Zero, IntPtr.Zero);
                        var signal = WSACreateEvent();
                        WSAEventSelect(client, signal, FD_READ | FD_CLOSE);
                        clients.Add((client, signal));
                    }
                }
            }
            """);

    [Fact]
    public Task ProjectWithoutAnyWinsock() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                class Plain
                {
                    int Run(Socket socket) => socket.Available;
                }
                """,
            Interop = null,
        }.RunAsync();

    [Fact]
    public Task EditorConfigSeverityNone_SilencesTheRule() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Roles
                {
                    void Run(IntPtr s, IntPtr a, IntPtr b)
                    {
                        WSAEventSelect(s, a, FD_READ);
                        WSAEventSelect(s, b, FD_WRITE);
                    }
                }
                """,
            TestState =
            {
                AnalyzerConfigFiles =
                {
                    ("/.editorconfig", "[*.cs]\n" + "dotnet_diagnostic.SOCK001.severity = none"),
                },
            },
        }.RunAsync();

    [Fact]
    public Task GeneratedCodeIsNotAnalysed() =>
        Verify.VerifyAnalyzerAsync("""
            // <auto-generated/>
            using System;
            using static NativeMethods;

            class Generated
            {
                void Run(IntPtr s, IntPtr a, IntPtr b)
                {
                    WSAEventSelect(s, a, FD_READ);
                    WSAEventSelect(s, b, FD_WRITE);
                }
            }
            """);

    [Fact]
    public Task RoleObjectsOverDifferentSockets_EachConstructorRegisters() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Reader
            {
                public Reader(IntPtr socket, IntPtr readable) => WSAEventSelect(socket, readable, FD_READ | FD_CLOSE);
            }

            sealed class Session
            {
                public void Open(IntPtr control, IntPtr data, IntPtr controlReady, IntPtr dataReady)
                {
                    var controlReader = new Reader(control, controlReady);
                    var dataReader = new Reader(data, dataReady);
                }
            }
            """);
}
