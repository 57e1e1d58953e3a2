using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.DuplicatedToProcessesExpectingEventsAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK002 must not flag: hand-offs, DuplicateAndClose, duplication where only one holder (or none) registers events.</summary>
public sealed class DuplicatedToProcessesExpectingEventsAnalyzerValidTests
{
    private const string RegisteringWorker = """
        using System;
        using static NativeMethods;

        static class WorkerProcess
        {
            public static void Run(WSAPROTOCOL_INFOW received)
            {
                IntPtr socket = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref received, 0, 0);
                IntPtr ready = WSACreateEvent();
                WSAEventSelect(socket, ready, FD_READ | FD_CLOSE);
            }
        }
        """;

    [Fact]
    public Task HandOff_RegisteredThenDuplicatedThenClosed() =>
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
                        if (WSADuplicateSocketW(connection, workerPid, out var info) != 0)
                            throw new InvalidOperationException("WSADuplicateSocket failed");
                        closesocket(connection);
                        return info;
                    }
                }
                """,
            TestState =
            {
                Sources =
                {
                    ("Worker.cs", RegisteringWorker),
                },
            },
        }.RunAsync();

    [Fact]
    public Task Managed_DuplicateAndClose() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Acceptor
            {
                public SocketInformation HandOff(Socket connection, IntPtr readEvent, int workerPid)
                {
                    WSAEventSelect(connection.Handle, readEvent, FD_READ);
                    return connection.DuplicateAndClose(workerPid);
                }
            }
            """);

    [Fact]
    public Task PreforkLoop_WorkersUseBlockingAccept() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using static NativeMethods;

            sealed class PreforkParent
            {
                public IEnumerable<WSAPROTOCOL_INFOW> Share(IntPtr listener, int[] workers)
                {
                    foreach (var pid in workers)
                    {
                        WSADuplicateSocketW(listener, pid, out var info);
                        yield return info;
                    }
                }
            }

            static class Worker
            {
                public static void Run(WSAPROTOCOL_INFOW info)
                {
                    IntPtr listener = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                    while (true)
                    {
                        IntPtr client = accept(listener, IntPtr.Zero, IntPtr.Zero);
                        closesocket(client);
                    }
                }
            }
            """);

    [Fact]
    public Task RegistrationClearedBeforeDuplicating() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Gateway
            {
                public WSAPROTOCOL_INFOW Migrate(IntPtr listener, IntPtr acceptEvent, int successorPid)
                {
                    WSAEventSelect(listener, acceptEvent, FD_ACCEPT);
                    // ... serve until the successor is ready ...
                    WSAEventSelect(listener, IntPtr.Zero, 0);
                    WSADuplicateSocketW(listener, successorPid, out var info);
                    return info;
                }
            }
            """);

    [Fact]
    public Task SingleHandOff_WorkerRegisters() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Parent.cs", """
                        using System;
                        using static NativeMethods;

                        sealed class Dispatcher
                        {
                            public WSAPROTOCOL_INFOW Dispatch(IntPtr client, int workerPid)
                            {
                                WSADuplicateSocketW(client, workerPid, out var info);
                                closesocket(client);
                                return info;
                            }
                        }
                        """),
                    ("Worker.cs", RegisteringWorker),
                },
            },
        }.RunAsync();

    [Fact]
    public Task AcceptedConnectionRegisters_WhileListenerDuplicatedInLoop() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Parent
            {
                private readonly IntPtr listener;

                public Parent(IntPtr listener) => this.listener = listener;

                public void Share(int[] workers)
                {
                    foreach (var pid in workers)
                        WSADuplicateSocketW(listener, pid, out _);
                }

                public void ServeAdmin(IntPtr adminEvent)
                {
                    IntPtr admin = accept(listener, IntPtr.Zero, IntPtr.Zero);
                    WSAEventSelect(admin, adminEvent, FD_READ | FD_CLOSE);
                }
            }
            """);

    [Fact]
    public Task TwoDuplicatesInExclusiveBranches() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Parent.cs", """
                        using System;
                        using static NativeMethods;

                        sealed class Router
                        {
                            public WSAPROTOCOL_INFOW Route(IntPtr connection, bool premium, int premiumPid, int standardPid)
                            {
                                WSAPROTOCOL_INFOW info;
                                if (premium)
                                    WSADuplicateSocketW(connection, premiumPid, out info);
                                else
                                    WSADuplicateSocketW(connection, standardPid, out info);
                                closesocket(connection);
                                return info;
                            }
                        }
                        """),
                    ("Worker.cs", RegisteringWorker),
                },
            },
        }.RunAsync();

    [Fact]
    public Task ClosedInFinally_AfterDuplicating() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.IO;
            using System.Runtime.InteropServices;
            using static NativeMethods;

            sealed class Migrator
            {
                public void Migrate(IntPtr connection, IntPtr readEvent, int pid, Stream channel)
                {
                    WSAEventSelect(connection, readEvent, FD_READ);
                    try
                    {
                        WSADuplicateSocketW(connection, pid, out var info);
                        var bytes = new byte[Marshal.SizeOf<WSAPROTOCOL_INFOW>()];
                        MemoryMarshal.Write(bytes, in info);
                        channel.Write(bytes, 0, bytes.Length);
                    }
                    finally
                    {
                        closesocket(connection);
                    }
                }
            }
            """);

    [Fact]
    public Task WorkerOnlyClearsRegistrations() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Parent.cs", """
                        using System;
                        using static NativeMethods;

                        sealed class Parent
                        {
                            public void Share(IntPtr listener, int[] pids)
                            {
                                for (var i = 0; i < pids.Length; i++)
                                    WSADuplicateSocketW(listener, pids[i], out _);
                            }
                        }
                        """),
                    ("Worker.cs", """
                        using System;
                        using static NativeMethods;

                        static class Worker
                        {
                            public static void Run(WSAPROTOCOL_INFOW info)
                            {
                                IntPtr socket = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                                // Inherited socket may carry the parent's association: make it blocking again.
                                WSAEventSelect(socket, IntPtr.Zero, 0);
                                uint blocking = 0;
                                ioctlsocket(socket, FIONBIO, ref blocking);
                            }
                        }
                        """),
                },
            },
        }.RunAsync();

    [Fact]
    public Task RegistrationOnlyInTheBranchThatDoesNotDuplicate() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Mode
            {
                public WSAPROTOCOL_INFOW? Configure(IntPtr socket, IntPtr ready, int? delegatePid)
                {
                    if (delegatePid is int pid)
                    {
                        WSADuplicateSocketW(socket, pid, out var info);
                        return info;
                    }
                    else
                    {
                        WSAEventSelect(socket, ready, FD_READ);
                        return null;
                    }
                }
            }
            """);

    [Fact]
    public Task RegistrationOnAnotherSocket() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Proxy
            {
                public WSAPROTOCOL_INFOW Share(IntPtr downstream, IntPtr upstream, IntPtr ready, int pid)
                {
                    WSAEventSelect(upstream, ready, FD_READ | FD_CLOSE);
                    WSADuplicateSocketW(downstream, pid, out var info);
                    closesocket(downstream);
                    return info;
                }
            }
            """);

    [Fact]
    public Task LibraryImport_HandOff() =>
        new Verify.Test
        {
            TestCode = """
                static class Sharing
                {
                    public static Ws2.ProtocolInfo Share(nint socket, int pid)
                    {
                        Ws2.DuplicateSocket(socket, pid, out var info);
                        return info;
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();

    [Fact]
    public Task Vanara_HandOff() =>
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
                        WSADuplicateSocket(socket, pid, out var info);
                        closesocket(socket);
                        return info;
                    }
                }
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    // Issue 11: a duplicate for the current process is another descriptor here, not a hand-off to
    // another process; registrations through descriptors of one process are SOCK001's to judge.
    [Fact]
    public Task InProcessCopiesPerThread_EachRegisters() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading;
            using static NativeMethods;

            sealed class ThreadPoolServer
            {
                public void Start(IntPtr listener, int threads)
                {
                    for (var i = 0; i < threads; i++)
                    {
                        WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                        IntPtr copy = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                        IntPtr ready = WSACreateEvent();
                        WSAEventSelect(copy, ready, FD_ACCEPT);
                        new Thread(() => Serve(copy, ready)).Start();
                    }
                }

                private static void Serve(IntPtr copy, IntPtr ready) { }
            }
            """);

    [Theory]
    [InlineData("Environment.ProcessId")]
    [InlineData("Process.GetCurrentProcess().Id")]
    [InlineData("GetCurrentProcessId()")]
    [InlineData("self")]
    [InlineData("SelfField")]
    public Task SourceKeepsItsRegistration_DuplicateForTheCurrentProcess(string processId) =>
        Verify.VerifyAnalyzerAsync($$"""
            using System;
            using System.Diagnostics;
            using System.Runtime.InteropServices;
            using static NativeMethods;

            sealed class Gateway
            {
                private static readonly int SelfField = Environment.ProcessId;

                [DllImport("kernel32.dll")]
                private static extern int GetCurrentProcessId();

                public WSAPROTOCOL_INFOW ShareWithWorkerThread(IntPtr listener, IntPtr acceptEvent)
                {
                    var self = Process.GetCurrentProcess().Id;
                    WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);
                    WSADuplicateSocketW(listener, {{processId}}, out var info);
                    return info;
                }
            }
            """);

    // Real code (the .NET Framework's Socket.DuplicateAndClose): the hand-off closes through the
    // type's own Close(), which closes the descriptor held in a field.
    [Fact]
    public Task HandOff_ClosesThroughTheTypesOwnCloseMethod() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class OwnedSocket
            {
                private readonly IntPtr handle;
                private readonly IntPtr ready = WSACreateEvent();

                public OwnedSocket(IntPtr handle) => this.handle = handle;

                public void WatchReads() => WSAEventSelect(handle, ready, FD_READ | FD_CLOSE);

                public WSAPROTOCOL_INFOW HandOff(int targetProcessId)
                {
                    WSADuplicateSocketW(handle, targetProcessId, out var info);
                    Close();
                    return info;
                }

                public void Close() => closesocket(handle);
            }
            """);
}
