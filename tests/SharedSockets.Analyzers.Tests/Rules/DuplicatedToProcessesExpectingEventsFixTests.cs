using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.DuplicatedToProcessesExpectingEventsAnalyzer,
    SharedSockets.CodeFixes.Fixes.DuplicatedToProcessesExpectingEventsFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK002 code fixes: complete the hand-off (close after duplicating) or clear the registration before duplicating.</summary>
public sealed class DuplicatedToProcessesExpectingEventsFixTests
{
    private const string CloseAfter = DuplicatedToProcessesExpectingEventsFixProvider.CloseAfterHandOffKey;
    private const string ClearBefore = DuplicatedToProcessesExpectingEventsFixProvider.ClearBeforeDuplicatingKey;

    private const string KeepsRegistration = """
        using System;
        using static NativeMethods;

        sealed class Gateway
        {
            public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
            {
                WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);
                [|WSADuplicateSocketW(listener, backupPid, out var info)|];
                return info;
            }
        }
        """;

    [Fact]
    public Task CloseAfterHandOff_InsertsCloseSocket() =>
        new Verify.Test
        {
            TestCode = KeepsRegistration,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Gateway
                {
                    public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
                    {
                        WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);
                        WSADuplicateSocketW(listener, backupPid, out var info);
                        closesocket(listener);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseAfter,
        }.RunAsync();

    [Fact]
    public Task ClearBeforeDuplicating_InsertsClearingCall() =>
        new Verify.Test
        {
            TestCode = KeepsRegistration,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Gateway
                {
                    public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
                    {
                        WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);
                        WSAEventSelect(listener, default, 0);
                        WSADuplicateSocketW(listener, backupPid, out var info);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearBefore,
        }.RunAsync();

    [Fact]
    public Task CloseAfterHandOff_AfterTheCheckedCall() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Acceptor
                {
                    public WSAPROTOCOL_INFOW HandOff(IntPtr connection, IntPtr readEvent, int workerPid)
                    {
                        WSAEventSelect(connection, readEvent, FD_READ);
                        if ([|WSADuplicateSocketW(connection, workerPid, out var info)|] != 0)
                            throw new InvalidOperationException("WSADuplicateSocket failed");
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Acceptor
                {
                    public WSAPROTOCOL_INFOW HandOff(IntPtr connection, IntPtr readEvent, int workerPid)
                    {
                        WSAEventSelect(connection, readEvent, FD_READ);
                        if (WSADuplicateSocketW(connection, workerPid, out var info) != 0)
                            throw new InvalidOperationException("WSADuplicateSocket failed");
                        closesocket(connection);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseAfter,
        }.RunAsync();

    [Fact]
    public Task ManagedListenerHandle_ClosesTheSocketObject() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Supervisor
                {
                    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    private readonly IntPtr acceptEvent = WSACreateEvent();

                    public void Listen() => WSAEventSelect(listener.Handle, acceptEvent, FD_ACCEPT);

                    public WSAPROTOCOL_INFOW Delegate(int workerPid)
                    {
                        [|WSADuplicateSocketW(listener.Handle, workerPid, out var info)|];
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Supervisor
                {
                    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    private readonly IntPtr acceptEvent = WSACreateEvent();

                    public void Listen() => WSAEventSelect(listener.Handle, acceptEvent, FD_ACCEPT);

                    public WSAPROTOCOL_INFOW Delegate(int workerPid)
                    {
                        WSADuplicateSocketW(listener.Handle, workerPid, out var info);
                        listener.Close();
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseAfter,
        }.RunAsync();

    [Fact]
    public Task Vanara_CloseOffered() =>
        new Verify.Test
        {
            TestCode = """
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                sealed class Sharing
                {
                    public WSAPROTOCOL_INFO Share(SOCKET socket, SafeWSAEVENT ready, uint pid)
                    {
                        WSAEventSelect(socket, ready, FD.FD_READ | FD.FD_CLOSE);
                        [|WSADuplicateSocket(socket, pid, out var info)|];
                        return info;
                    }
                }
                """,
            Interop = InteropSources.Vanara,
            FixedCode = """
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                sealed class Sharing
                {
                    public WSAPROTOCOL_INFO Share(SOCKET socket, SafeWSAEVENT ready, uint pid)
                    {
                        WSAEventSelect(socket, ready, FD.FD_READ | FD.FD_CLOSE);
                        WSADuplicateSocket(socket, pid, out var info);
                        closesocket(socket);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseAfter,
        }.RunAsync();

    [Fact]
    public Task Vanara_SafeHandleEvent_ClearNotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                sealed class Sharing
                {
                    public WSAPROTOCOL_INFO Share(SOCKET socket, SafeWSAEVENT ready, uint pid)
                    {
                        WSAEventSelect(socket, ready, FD.FD_READ);
                        [|WSADuplicateSocket(socket, pid, out var info)|];
                        return info;
                    }
                }
                """,
            Interop = InteropSources.Vanara,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = ClearBefore,
        }.RunAsync();

    [Fact]
    public Task LibraryImport_NoCloseSocketBinding_ClearStillOffered() =>
        new Verify.Test
        {
            TestCode = """
                static class Sharing
                {
                    public static Ws2.ProtocolInfo Share(nint socket, nint signal, int pid)
                    {
                        Ws2.WSAEventSelect(socket, signal, 0x01);
                        [|Ws2.DuplicateSocket(socket, pid, out var info)|];
                        return info;
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
            FixedCode = """
                static class Sharing
                {
                    public static Ws2.ProtocolInfo Share(nint socket, nint signal, int pid)
                    {
                        Ws2.WSAEventSelect(socket, signal, 0x01);
                        Ws2.WSAEventSelect(socket, default, 0);
                        Ws2.DuplicateSocket(socket, pid, out var info);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearBefore,
        }.RunAsync();

    [Fact]
    public Task LibraryImport_NoCloseSocketBinding_CloseNotOffered() =>
        new Verify.Test
        {
            TestCode = """
                static class Sharing
                {
                    public static Ws2.ProtocolInfo Share(nint socket, nint signal, int pid)
                    {
                        Ws2.WSAEventSelect(socket, signal, 0x01);
                        [|Ws2.DuplicateSocket(socket, pid, out var info)|];
                        return info;
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseAfter,
        }.RunAsync();

    [Fact]
    public Task WindowRegistration_ClearedWithItsOwnApi() =>
        new Verify.Test
        {
            TestCode = """
                sealed class UiServer
                {
                    public NativeMethods.WSAPROTOCOL_INFOW Share(nint socket, nint window, int pid)
                    {
                        Sys.SelectWindow(socket, window, 0x0401, NativeMethods.FD_READ);
                        [|NativeMethods.WSADuplicateSocketW(socket, pid, out var info)|];
                        return info;
                    }
                }
                """,
            TestState =
            {
                Sources =
                {
                    ("Sys.cs", InteropSources.RenamedDllImport),
                },
            },
            FixedCode = """
                sealed class UiServer
                {
                    public NativeMethods.WSAPROTOCOL_INFOW Share(nint socket, nint window, int pid)
                    {
                        Sys.SelectWindow(socket, window, 0x0401, NativeMethods.FD_READ);
                        Sys.SelectWindow(socket, default, 0, 0);
                        NativeMethods.WSADuplicateSocketW(socket, pid, out var info);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearBefore,
        }.RunAsync();

    [Fact]
    public Task SourceStillUsesTheDescriptor_CloseNotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Mirror
                {
                    public WSAPROTOCOL_INFOW Share(IntPtr connection, IntPtr readEvent, int pid)
                    {
                        WSAEventSelect(connection, readEvent, FD_READ);
                        [|WSADuplicateSocketW(connection, pid, out var info)|];
                        send(connection, new byte[] { 1 }, 1, 0);
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseAfter,
        }.RunAsync();

    [Fact]
    public Task DuplicationInALoop_CloseNotOffered() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Pool
                {
                    public void Share(IntPtr listener, IntPtr acceptEvent, int[] pids)
                    {
                        WSAEventSelect(listener, acceptEvent, FD_ACCEPT);
                        foreach (var pid in pids)
                            [|WSADuplicateSocketW(listener, pid, out _)|];
                    }
                }
                """,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = CloseAfter,
        }.RunAsync();

    [Fact]
    public Task RegistrationAfterDuplicating_NoFix() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Monitor
                {
                    public WSAPROTOCOL_INFOW Observe(IntPtr connection, IntPtr readable, int auditorPid)
                    {
                        [|WSADuplicateSocketW(connection, auditorPid, out var info)|];
                        WSAEventSelect(connection, readable, FD_READ | FD_CLOSE);
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task WorkersRegister_NoNativeFix() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Prefork
                {
                    public static void Share(IntPtr listener, int[] pids)
                    {
                        foreach (var pid in pids)
                            [|WSADuplicateSocketW(listener, pid, out _)|];
                    }

                    public static void Worker(WSAPROTOCOL_INFOW info, IntPtr ready)
                    {
                        var socket = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        WSAEventSelect(socket, ready, FD_ACCEPT);
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task FixAll_ClosesEverySource() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Migrations
                {
                    public WSAPROTOCOL_INFOW MoveListener(IntPtr listener, IntPtr acceptEvent, int pid)
                    {
                        WSAEventSelect(listener, acceptEvent, FD_ACCEPT);
                        [|WSADuplicateSocketW(listener, pid, out var info)|];
                        return info;
                    }

                    public WSAPROTOCOL_INFOW MoveSession(IntPtr session, IntPtr readEvent, int pid)
                    {
                        WSAEventSelect(session, readEvent, FD_READ | FD_CLOSE);
                        [|WSADuplicateSocketW(session, pid, out var info)|];
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Migrations
                {
                    public WSAPROTOCOL_INFOW MoveListener(IntPtr listener, IntPtr acceptEvent, int pid)
                    {
                        WSAEventSelect(listener, acceptEvent, FD_ACCEPT);
                        WSADuplicateSocketW(listener, pid, out var info);
                        closesocket(listener);
                        return info;
                    }

                    public WSAPROTOCOL_INFOW MoveSession(IntPtr session, IntPtr readEvent, int pid)
                    {
                        WSAEventSelect(session, readEvent, FD_READ | FD_CLOSE);
                        WSADuplicateSocketW(session, pid, out var info);
                        closesocket(session);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = CloseAfter,
        }.RunAsync();
}
