using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.DuplicatedToProcessesExpectingEventsAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK002 must flag: a duplicated socket where more than one descriptor expects its own notifications.</summary>
public sealed class DuplicatedToProcessesExpectingEventsAnalyzerTests
{
    private const string WorkerProcess = """
        using System;
        using static NativeMethods;

        static class WorkerProcess
        {
            public static void Run(WSAPROTOCOL_INFOW received)
            {
                IntPtr listener = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref received, 0, 0);
                IntPtr acceptEvent = WSACreateEvent();
                {|#0:WSAEventSelect(listener, acceptEvent, FD_ACCEPT)|};
                while (true)
                {
                    // WaitForSingleObject(acceptEvent) ... accept(listener, ...)
                }
            }
        }
        """;

    [Fact]
    public Task PreforkPool_WorkerClassRegistersEvents_ReportedAcrossTypes() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Parent.cs", """
                        using System;
                        using System.Collections.Generic;
                        using System.Diagnostics;
                        using static NativeMethods;

                        sealed class PreforkParent
                        {
                            public void Start(IntPtr listener, IReadOnlyList<Process> workers)
                            {
                                foreach (var worker in workers)
                                {
                                    {|#1:WSADuplicateSocketW(listener, worker.Id, out var info)|};
                                    Send(worker, info);
                                }
                            }

                            private static void Send(Process worker, WSAPROTOCOL_INFOW info) { }
                        }
                        """),
                    ("Worker.cs", WorkerProcess),
                },
            },
            ExpectedDiagnostics =
            {
                Verify.Diagnostic()
                    .WithLocation(1)
                    .WithLocation(0)
                    .WithMessage("'WSADuplicateSocketW(listener, worker.Id, out var info)' duplicates 'listener' to several processes (in a loop), and the descriptor built from its protocol info registers events with 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT)' at Worker.cs:10: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other"),
            },
        }.RunAsync();

    [Fact]
    public Task ParentAndWorkerInOneType_ReportedLive() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Prefork
            {
                public static WSAPROTOCOL_INFOW[] Share(IntPtr listener, int[] workerIds)
                {
                    var infos = new WSAPROTOCOL_INFOW[workerIds.Length];
                    for (var i = 0; i < workerIds.Length; i++)
                    {
                        {|#1:WSADuplicateSocketW(listener, workerIds[i], out infos[i])|};
                    }

                    return infos;
                }

                public static void Worker(WSAPROTOCOL_INFOW info, IntPtr acceptEvent)
                {
                    var listener = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                    {|#0:WSAEventSelect(listener, acceptEvent, FD_ACCEPT)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSADuplicateSocketW(listener, workerIds[i], out infos[i])' duplicates 'listener' to several processes (in a loop), and the descriptor built from its protocol info registers events with 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT)' at line 20: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other"));

    [Fact]
    public Task TwoProcessIds_WorkerInAnotherType() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Parent.cs", """
                        using System;
                        using static NativeMethods;

                        sealed class Pair
                        {
                            public (WSAPROTOCOL_INFOW, WSAPROTOCOL_INFOW) Split(IntPtr listener, int readerPid, int writerPid)
                            {
                                {|#1:WSADuplicateSocketW(listener, readerPid, out var forReader)|};
                                {|#2:WSADuplicateSocketW(listener, writerPid, out var forWriter)|};
                                return (forReader, forWriter);
                            }
                        }
                        """),
                    ("Worker.cs", WorkerProcess),
                },
            },
            ExpectedDiagnostics =
            {
                Verify.Diagnostic()
                    .WithLocation(1)
                    .WithLocation(0)
                    .WithMessage("'WSADuplicateSocketW(listener, readerPid, out var forReader)' duplicates 'listener' to several processes (again with 'WSADuplicateSocketW(listener, writerPid, out var forWriter)' at line 9), and the descriptor built from its protocol info registers events with 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT)' at Worker.cs:10: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other"),
                Verify.Diagnostic()
                    .WithLocation(2)
                    .WithLocation(0)
                    .WithMessage("'WSADuplicateSocketW(listener, writerPid, out var forWriter)' duplicates 'listener' to several processes (again with 'WSADuplicateSocketW(listener, readerPid, out var forReader)' at line 8), and the descriptor built from its protocol info registers events with 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT)' at Worker.cs:10: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other"),
            },
        }.RunAsync();

    [Fact]
    public Task SourceKeepsItsRegistration_NamesIt() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Gateway
            {
                public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
                {
                    {|#0:WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE)|};
                    {|#1:WSADuplicateSocketW(listener, backupPid, out var info)|};
                    return info;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSADuplicateSocketW(listener, backupPid, out var info)' duplicates 'listener' but keeps its own registration 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE)' at line 8 and does not close its descriptor: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other"));

    [Fact]
    public Task SourceRegistersAfterDuplicating() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Monitor
            {
                public WSAPROTOCOL_INFOW Observe(IntPtr connection, int auditorPid)
                {
                    {|#1:WSADuplicateSocketW(connection, auditorPid, out var info)|};
                    IntPtr readable = WSACreateEvent();
                    {|#0:WSAEventSelect(connection, readable, FD_READ | FD_CLOSE)|};
                    return info;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSADuplicateSocketW(connection, auditorPid, out var info)' duplicates 'connection' but keeps its own registration 'WSAEventSelect(connection, readable, FD_READ | FD_CLOSE)' at line 10 and does not close its descriptor: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other"));

    [Fact]
    public Task FieldRegisteredInStart_DuplicatedInAnotherMethod() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Listener
            {
                private readonly IntPtr socket;
                private readonly IntPtr acceptEvent = WSACreateEvent();

                public Listener(IntPtr socket) => this.socket = socket;

                public void Start() => {|#0:WSAEventSelect(socket, acceptEvent, FD_ACCEPT)|};

                public WSAPROTOCOL_INFOW AddWorker(int pid)
                {
                    {|#1:WSADuplicateSocketW(socket, pid, out var info)|};
                    return info;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSADuplicateSocketW(socket, pid, out var info)' duplicates 'socket' but keeps its own registration 'WSAEventSelect(socket, acceptEvent, FD_ACCEPT)' at line 11 and does not close its descriptor: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other"));

    [Fact]
    public Task LibraryImport_KeepsRegistration() =>
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
        }.RunAsync();

    [Fact]
    public Task CsWin32_PointerInfo_WorkerInAnotherType() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Parent.cs", """
                        using Windows.Win32;
                        using Windows.Win32.Networking.WinSock;

                        unsafe sealed class Parent
                        {
                            public void Share(SOCKET listener, uint[] workers, WSAPROTOCOL_INFOW* infos)
                            {
                                for (var i = 0; i < workers.Length; i++)
                                {
                                    {|#1:PInvoke.WSADuplicateSocketW(listener, workers[i], &infos[i])|};
                                }
                            }
                        }
                        """),
                    ("Worker.cs", """
                        using Windows.Win32;
                        using Windows.Win32.Foundation;
                        using Windows.Win32.Networking.WinSock;

                        unsafe static class Worker
                        {
                            public static void Run(WSAPROTOCOL_INFOW info)
                            {
                                SOCKET socket = PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0);
                                HANDLE ready = PInvoke.WSACreateEvent();
                                {|#0:PInvoke.WSAEventSelect(socket, ready, PInvoke.FD_READ | PInvoke.FD_CLOSE)|};
                            }
                        }
                        """),
                },
            },
            Interop = InteropSources.CsWin32,
            ExpectedDiagnostics = { Verify.Diagnostic()
                                        .WithLocation(1)
                                        .WithLocation(0)
                                        .WithMessage("'PInvoke.WSADuplicateSocketW(listener, workers[i], &infos[i])' duplicates 'listener' to several processes (in a loop), and the descriptor built from its protocol info registers events with 'PInvoke.WSAEventSelect(socket, ready, PInvoke.FD_READ | PInvoke.FD_CLOSE)' at Worker.cs:11: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other") },
        }.RunAsync();

    [Fact]
    public Task Vanara_KeepsRegistration() =>
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
        }.RunAsync();

    [Fact]
    public Task ManagedListener_NativeCallsOnItsHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Supervisor : IDisposable
            {
                private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private readonly IntPtr acceptEvent = WSACreateEvent();

                public void Listen()
                {
                    listener.Bind(new IPEndPoint(IPAddress.Any, 8080));
                    listener.Listen(128);
                    WSAEventSelect(listener.Handle, acceptEvent, FD_ACCEPT);
                }

                public WSAPROTOCOL_INFOW Delegate(int workerPid)
                {
                    [|WSADuplicateSocketW(listener.Handle, workerPid, out var info)|];
                    return info;
                }

                public void Dispose() => listener.Dispose();
            }
            """);

    [Fact]
    public Task WindowRegistration_RenamedImport() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Sys.cs", InteropSources.RenamedDllImport),
                    ("Test0.cs", """
                        using System;
                        using static NativeMethods;

                        sealed class UiServer
                        {
                            public WSAPROTOCOL_INFOW Share(nint socket, nint window, int pid)
                            {
                                Sys.SelectWindow(socket, window, 0x0401, FD_READ | FD_CLOSE);
                                [|WSADuplicateSocketW(socket, pid, out var info)|];
                                return info;
                            }
                        }
                        """),
                },
            },
        }.RunAsync();

    [Fact]
    public Task ProjectWrapperDuplicates_InLoop() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Parent.cs", """
                        using System;
                        using System.Collections.Generic;
                        using static NativeMethods;

                        static class Duplication
                        {
                            public static WSAPROTOCOL_INFOW For(IntPtr socket, int pid)
                            {
                                if (WSADuplicateSocketW(socket, pid, out var info) != 0)
                                    throw new InvalidOperationException("WSADuplicateSocket failed");
                                return info;
                            }
                        }

                        sealed class Pool
                        {
                            public List<WSAPROTOCOL_INFOW> Prepare(IntPtr listener, IEnumerable<int> pids)
                            {
                                var shares = new List<WSAPROTOCOL_INFOW>();
                                foreach (var pid in pids)
                                    shares.Add({|#1:Duplication.For(listener, pid)|});
                                return shares;
                            }
                        }
                        """),
                    ("Worker.cs", WorkerProcess),
                },
            },
            ExpectedDiagnostics = { Verify.Diagnostic()
                                        .WithLocation(1)
                                        .WithLocation(0)
                                        .WithMessage("'Duplication.For(listener, pid)' duplicates 'listener' to several processes (in a loop), and the descriptor built from its protocol info registers events with 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT)' at Worker.cs:10: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other") },
        }.RunAsync();

    [Fact]
    public Task ForEachLambda_CountsAsALoop() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using static NativeMethods;

            sealed class Spawner
            {
                public void Spawn(IntPtr listener, List<int> pids, Action<WSAPROTOCOL_INFOW> send)
                {
                    pids.ForEach(pid =>
                    {
                        [|WSADuplicateSocketW(listener, pid, out var info)|];
                        send(info);
                    });
                }

                public static void Child(WSAPROTOCOL_INFOW info, IntPtr ready)
                {
                    var socket = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                    WSAEventSelect(socket, ready, FD_ACCEPT);
                }
            }
            """);
}
