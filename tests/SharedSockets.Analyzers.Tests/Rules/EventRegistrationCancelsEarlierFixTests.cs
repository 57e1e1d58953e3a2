using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.EventRegistrationCancelsEarlierAnalyzer,
    SharedSockets.CodeFixes.Fixes.EventRegistrationCancelsEarlierFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK001 code fixes: SharedWinsock drop-ins when the shim is referenced, combined mask otherwise.</summary>
public sealed class EventRegistrationCancelsEarlierFixTests
{
    private const string UseSharedWinsock = EventRegistrationCancelsEarlierFixProvider.UseSharedWinsockKey;
    private const string CombineMask = EventRegistrationCancelsEarlierFixProvider.CombineMaskKey;

    [Fact]
    public Task WithShim_RewritesBothRegistrationsToAdditiveDropIns() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Connection
                {
                    void Start(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        [|WSAEventSelect(socket, writeEvent, FD_WRITE)|];
                    }
                }
                """,
            ReferenceShim = true,
            FixedCode = """
                using System;
                using SharedSockets.Interop;
                using static NativeMethods;

                class Connection
                {
                    void Start(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
                    {
                        SharedWinsock.WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        SharedWinsock.WSAEventSelect(socket, writeEvent, FD_WRITE);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseSharedWinsock,
        }.RunAsync();

    [Fact]
    public Task WithShim_MixedEventAndWindowRegistrations() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using SharedSockets.Interop;
                using static NativeMethods;

                class Ui
                {
                    void Attach(IntPtr socket, IntPtr readEvent, IntPtr window)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ);
                        [|WSAAsyncSelect(socket, window, WM_USER + 1, FD_WRITE | FD_CLOSE)|];
                    }
                }
                """,
            ReferenceShim = true,
            FixedCode = """
                using System;
                using SharedSockets.Interop;
                using static NativeMethods;

                class Ui
                {
                    void Attach(IntPtr socket, IntPtr readEvent, IntPtr window)
                    {
                        SharedWinsock.WSAEventSelect(socket, readEvent, FD_READ);
                        SharedWinsock.WSAAsyncSelect(socket, window, WM_USER + 1, FD_WRITE | FD_CLOSE);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseSharedWinsock,
        }.RunAsync();

    [Fact]
    public Task WithShim_RewritesTheWrapperOnceForAllCallers() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                static class Notifications
                {
                    public static int Watch(IntPtr socket, IntPtr signal, int events) => WSAEventSelect(socket, signal, events);
                }

                class Client
                {
                    void Connect(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
                    {
                        Notifications.Watch(socket, readEvent, FD_READ);
                        [|Notifications.Watch(socket, writeEvent, FD_WRITE)|];
                    }
                }
                """,
            ReferenceShim = true,
            FixedCode = """
                using System;
                using SharedSockets.Interop;
                using static NativeMethods;

                static class Notifications
                {
                    public static int Watch(IntPtr socket, IntPtr signal, int events) => SharedWinsock.WSAEventSelect(socket, signal, events);
                }

                class Client
                {
                    void Connect(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
                    {
                        Notifications.Watch(socket, readEvent, FD_READ);
                        Notifications.Watch(socket, writeEvent, FD_WRITE);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseSharedWinsock,
        }.RunAsync();

    /// <summary>Role objects whose constructors register: like a wrapper, each constructor's own call is rewritten.</summary>
    [Fact]
    public Task WithShim_RoleObjectConstructors_RewritesTheirRegistrations() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public Reader(IntPtr socket, IntPtr readable) => WSAEventSelect(socket, readable, FD_READ | FD_CLOSE);
                }

                sealed class Writer
                {
                    public Writer(IntPtr socket, IntPtr writable)
                    {
                        WSAEventSelect(socket, writable, FD_WRITE); // the writer's half
                    }
                }

                sealed class Session
                {
                    public void Open(IntPtr socket, IntPtr readable, IntPtr writable)
                    {
                        var reader = new Reader(socket, readable);
                        var writer = [|new Writer(socket, writable)|];
                    }
                }
                """,
            ReferenceShim = true,
            FixedCode = """
                using System;
                using SharedSockets.Interop;
                using static NativeMethods;

                sealed class Reader
                {
                    public Reader(IntPtr socket, IntPtr readable) => SharedWinsock.WSAEventSelect(socket, readable, FD_READ | FD_CLOSE);
                }

                sealed class Writer
                {
                    public Writer(IntPtr socket, IntPtr writable)
                    {
                        SharedWinsock.WSAEventSelect(socket, writable, FD_WRITE); // the writer's half
                    }
                }

                sealed class Session
                {
                    public void Open(IntPtr socket, IntPtr readable, IntPtr writable)
                    {
                        var reader = new Reader(socket, readable);
                        var writer = new Writer(socket, writable);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseSharedWinsock,
        }.RunAsync();

    /// <summary>A role object's constructor and a direct registration on the same socket: both become additive.</summary>
    [Fact]
    public Task WithShim_RoleObjectAndADirectRegistration_RewritesBoth() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Reader
                {
                    public Reader(IntPtr socket, IntPtr readable) => WSAEventSelect(socket, readable, FD_READ | FD_CLOSE);
                }

                sealed class Session
                {
                    public void Open(IntPtr socket, IntPtr readable, IntPtr writable)
                    {
                        var reader = new Reader(socket, readable);
                        [|WSAEventSelect(socket, writable, FD_WRITE)|];
                    }
                }
                """,
            ReferenceShim = true,
            FixedCode = """
                using System;
                using SharedSockets.Interop;
                using static NativeMethods;

                class Reader
                {
                    public Reader(IntPtr socket, IntPtr readable) => SharedWinsock.WSAEventSelect(socket, readable, FD_READ | FD_CLOSE);
                }

                sealed class Session
                {
                    public void Open(IntPtr socket, IntPtr readable, IntPtr writable)
                    {
                        var reader = new Reader(socket, readable);
                        SharedWinsock.WSAEventSelect(socket, writable, FD_WRITE);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseSharedWinsock,
        }.RunAsync();

    /// <summary>Without the shim, role objects have no native-correct form (each constructor owns its own event): no fix.</summary>
    [Fact]
    public Task WithoutShim_RoleObjectConstructors_NoFix() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public Reader(IntPtr socket, IntPtr readable) => WSAEventSelect(socket, readable, FD_READ | FD_CLOSE);
                }

                sealed class Writer
                {
                    public Writer(IntPtr socket, IntPtr writable) => WSAEventSelect(socket, writable, FD_WRITE);
                }

                sealed class Session
                {
                    public void Open(IntPtr socket, IntPtr readable, IntPtr writable)
                    {
                        var reader = new Reader(socket, readable);
                        var writer = [|new Writer(socket, writable)|];
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task WithShim_FixAll_RewritesEveryRegistrationOnce() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Roles
                {
                    void Run(IntPtr s, IntPtr a, IntPtr b, IntPtr c)
                    {
                        WSAEventSelect(s, a, FD_READ);
                        {|SOCK001:WSAEventSelect(s, b, FD_WRITE)|};
                        {|SOCK001:WSAEventSelect(s, c, FD_CLOSE)|};
                    }
                }
                """,
            ReferenceShim = true,

            // One fix makes every event selection on the socket additive ('a', 'b' and 'c'): a native
            // registration left behind would cancel the shim's own registration underneath.
            FixedCode = """
                using System;
                using SharedSockets.Interop;
                using static NativeMethods;

                class Roles
                {
                    void Run(IntPtr s, IntPtr a, IntPtr b, IntPtr c)
                    {
                        SharedWinsock.WSAEventSelect(s, a, FD_READ);
                        SharedWinsock.WSAEventSelect(s, b, FD_WRITE);
                        SharedWinsock.WSAEventSelect(s, c, FD_CLOSE);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseSharedWinsock,
        }.RunAsync();

    [Fact]
    public Task WithoutShim_NoSharedWinsockFix_ButCombinedMask() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Server
                {
                    private readonly IntPtr socket;
                    private readonly IntPtr readEvent = WSACreateEvent();
                    private readonly IntPtr writeEvent = WSACreateEvent();

                    public Server(IntPtr accepted) => socket = accepted;

                    public void StartReader() => WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);

                    public void StartWriter() => [|WSAEventSelect(socket, writeEvent, FD_WRITE)|];
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Server
                {
                    private readonly IntPtr socket;
                    private readonly IntPtr readEvent = WSACreateEvent();
                    private readonly IntPtr writeEvent = WSACreateEvent();

                    public Server(IntPtr accepted) => socket = accepted;

                    public void StartReader() => WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);

                    public void StartWriter() => WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE | FD_WRITE);
                }
                """,
            CodeActionEquivalenceKey = CombineMask,
        }.RunAsync();

    [Fact]
    public Task WithoutShim_CombinedMask_FixAllChainsThroughEveryRegistration() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Roles
                {
                    void Run(IntPtr s, IntPtr a, IntPtr b, IntPtr c)
                    {
                        WSAEventSelect(s, a, FD_READ);
                        {|SOCK001:WSAEventSelect(s, b, FD_WRITE)|};
                        {|SOCK001:WSAEventSelect(s, c, FD_CLOSE)|};
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                class Roles
                {
                    void Run(IntPtr s, IntPtr a, IntPtr b, IntPtr c)
                    {
                        WSAEventSelect(s, a, FD_READ);
                        WSAEventSelect(s, a, FD_READ | FD_WRITE);
                        WSAEventSelect(s, a, FD_READ | FD_WRITE | FD_CLOSE);
                    }
                }
                """,
            CodeActionEquivalenceKey = CombineMask,
        }.RunAsync();

    [Fact]
    public Task CombinedMask_SameWindowKeepsTheEarlierMessage() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Ui
                {
                    const uint WM_READ = WM_USER + 1, WM_WRITE = WM_USER + 2;

                    void Attach(IntPtr socket, IntPtr window)
                    {
                        WSAAsyncSelect(socket, window, WM_READ, FD_READ);
                        [|WSAAsyncSelect(socket, window, WM_WRITE, FD_WRITE)|];
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                class Ui
                {
                    const uint WM_READ = WM_USER + 1, WM_WRITE = WM_USER + 2;

                    void Attach(IntPtr socket, IntPtr window)
                    {
                        WSAAsyncSelect(socket, window, WM_READ, FD_READ);
                        WSAAsyncSelect(socket, window, WM_READ, FD_READ | FD_WRITE);
                    }
                }
                """,
            CodeActionEquivalenceKey = CombineMask,
        }.RunAsync();

    [Fact]
    public Task NoFixWhenTheEarlierTargetCannotBeReused_AndNoShim() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Roles
                {
                    void Run(IntPtr s)
                    {
                        WSAEventSelect(s, WSACreateEvent(), FD_READ);
                        [|WSAEventSelect(s, WSACreateEvent(), FD_WRITE)|];
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task WithShim_SocketStructs_PassTheirHandleValues() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                class Roles
                {
                    void Run(SOCKET socket)
                    {
                        PInvoke.WSAEventSelect(socket, PInvoke.WSACreateEvent(), PInvoke.FD_READ);
                        [|PInvoke.WSAEventSelect(socket, PInvoke.WSACreateEvent(), PInvoke.FD_WRITE)|];
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
            ReferenceShim = true,

            // The drop-in takes handles: CsWin32's SOCKET carries a nuint, HANDLE a nint.
            FixedCode = """
                using SharedSockets.Interop;
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                class Roles
                {
                    void Run(SOCKET socket)
                    {
                        SharedWinsock.WSAEventSelect((nint)socket.Value, PInvoke.WSACreateEvent().Value, PInvoke.FD_READ);
                        SharedWinsock.WSAEventSelect((nint)socket.Value, PInvoke.WSACreateEvent().Value, PInvoke.FD_WRITE);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseSharedWinsock,
        }.RunAsync();
}
