using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK002 must flag: a duplicated socket where more than one descriptor expects its own notifications.</summary>
public sealed class DuplicatedToProcessesExpectingEventsAnalyzerTests
{
    private static ProjectBuilder Project(string interop = InteropSources.DllImport) =>
        ProjectBuilder.Create()
            .WithAnalyzer<DuplicatedToProcessesExpectingEventsAnalyzer>()
            .WithSourceCode("Interop.cs", interop);

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
        Project()
            .WithSourceCode("Parent.cs", """
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
                            [|WSADuplicateSocketW(listener, worker.Id, out var info)|];
                            Send(worker, info);
                        }
                    }

                    private static void Send(Process worker, WSAPROTOCOL_INFOW info) { }
                }
                """)
            .WithSourceCode("Worker.cs", WorkerProcess)
            .ShouldReportDiagnostic(
                "SOCK002",
                "'WSADuplicateSocketW(listener, worker.Id, out var info)' duplicates 'listener' to several processes (in a loop), and the descriptor built from its protocol info registers events with 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT)' at Worker.cs:10: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other",
                DiagnosticSeverity.Warning,
                "#0")
            .ValidateAsync();

    [Fact]
    public Task ParentAndWorkerInOneType_ReportedLive() =>
        Project()
            .WithSourceCode("""
                using System;
                using static NativeMethods;

                sealed class Prefork
                {
                    public static WSAPROTOCOL_INFOW[] Share(IntPtr listener, int[] workerIds)
                    {
                        var infos = new WSAPROTOCOL_INFOW[workerIds.Length];
                        for (var i = 0; i < workerIds.Length; i++)
                        {
                            [|WSADuplicateSocketW(listener, workerIds[i], out infos[i])|];
                        }

                        return infos;
                    }

                    public static void Worker(WSAPROTOCOL_INFOW info, IntPtr acceptEvent)
                    {
                        var listener = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        {|#0:WSAEventSelect(listener, acceptEvent, FD_ACCEPT)|};
                    }
                }
                """)
            .ShouldReportDiagnostic("SOCK002", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task TwoProcessIds_WorkerInAnotherType() =>
        Project()
            .WithSourceCode("Parent.cs", """
                using System;
                using static NativeMethods;

                sealed class Pair
                {
                    public (WSAPROTOCOL_INFOW, WSAPROTOCOL_INFOW) Split(IntPtr listener, int readerPid, int writerPid)
                    {
                        [|WSADuplicateSocketW(listener, readerPid, out var forReader)|];
                        {|SOCK002:WSADuplicateSocketW(listener, writerPid, out var forWriter)|};
                        return (forReader, forWriter);
                    }
                }
                """)
            .WithSourceCode("Worker.cs", WorkerProcess)
            .ShouldReportDiagnostic(
                "SOCK002",
                "'WSADuplicateSocketW(listener, readerPid, out var forReader)' duplicates 'listener' to several processes (again with 'WSADuplicateSocketW(listener, writerPid, out var forWriter)' at line 9), and the descriptor built from its protocol info registers events with 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT)' at Worker.cs:10: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other",
                additionalLocationMarkers: "#0")
            .ShouldReportDiagnostic("SOCK002", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task InProcessCopiesPerThread_EachRegisters() =>
        Project()
            .WithSourceCode("""
                using System;
                using System.Threading;
                using static NativeMethods;

                sealed class ThreadPoolServer
                {
                    public void Start(IntPtr listener, int threads)
                    {
                        for (var i = 0; i < threads; i++)
                        {
                            [|WSADuplicateSocketW(listener, Environment.ProcessId, out var info)|];
                            IntPtr copy = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                            IntPtr ready = WSACreateEvent();
                            {|#0:WSAEventSelect(copy, ready, FD_ACCEPT)|};
                            new Thread(() => Serve(copy, ready)).Start();
                        }
                    }

                    private static void Serve(IntPtr copy, IntPtr ready) { }
                }
                """)
            .ShouldReportDiagnostic("SOCK002", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task SourceKeepsItsRegistration_NamesIt() =>
        Project()
            .WithSourceCode("""
                using System;
                using static NativeMethods;

                sealed class Gateway
                {
                    public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
                    {
                        {|#0:WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE)|};
                        [|WSADuplicateSocketW(listener, backupPid, out var info)|];
                        return info;
                    }
                }
                """)
            .ShouldReportDiagnostic(
                "SOCK002",
                "'WSADuplicateSocketW(listener, backupPid, out var info)' duplicates 'listener' but keeps its own registration 'WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE)' at line 8 and does not close its descriptor: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other",
                additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task SourceRegistersAfterDuplicating() =>
        Project()
            .WithSourceCode("""
                using System;
                using static NativeMethods;

                sealed class Monitor
                {
                    public WSAPROTOCOL_INFOW Observe(IntPtr connection, int auditorPid)
                    {
                        [|WSADuplicateSocketW(connection, auditorPid, out var info)|];
                        IntPtr readable = WSACreateEvent();
                        {|#0:WSAEventSelect(connection, readable, FD_READ | FD_CLOSE)|};
                        return info;
                    }
                }
                """)
            .ShouldReportDiagnostic("SOCK002", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task FieldRegisteredInStart_DuplicatedInAnotherMethod() =>
        Project()
            .WithSourceCode("""
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
                        [|WSADuplicateSocketW(socket, pid, out var info)|];
                        return info;
                    }
                }
                """)
            .ShouldReportDiagnostic("SOCK002", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task LibraryImport_KeepsRegistration() =>
        Project(InteropSources.LibraryImport)
            .WithLibraryImportGenerator()
            .WithSourceCode("""
                static class Sharing
                {
                    public static Ws2.ProtocolInfo Share(nint socket, nint signal, int pid)
                    {
                        Ws2.WSAEventSelect(socket, signal, 0x01);
                        [|Ws2.DuplicateSocket(socket, pid, out var info)|];
                        return info;
                    }
                }
                """)
            .ShouldReportDiagnostic("SOCK002")
            .ValidateAsync();

    [Fact]
    public Task CsWin32_PointerInfo_WorkerInAnotherType() =>
        Project(InteropSources.CsWin32)
            .WithSourceCode("Parent.cs", """
                using Windows.Win32;
                using Windows.Win32.Networking.WinSock;

                unsafe sealed class Parent
                {
                    public void Share(SOCKET listener, uint[] workers, WSAPROTOCOL_INFOW* infos)
                    {
                        for (var i = 0; i < workers.Length; i++)
                        {
                            [|PInvoke.WSADuplicateSocketW(listener, workers[i], &infos[i])|];
                        }
                    }
                }
                """)
            .WithSourceCode("Worker.cs", """
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
                """)
            .ShouldReportDiagnostic("SOCK002", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task Vanara_KeepsRegistration() =>
        Project(InteropSources.Vanara)
            .WithSourceCode("""
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
                """)
            .ShouldReportDiagnostic("SOCK002")
            .ValidateAsync();

    [Fact]
    public Task ManagedListener_NativeCallsOnItsHandle() =>
        Project()
            .WithSourceCode("""
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
                """)
            .ShouldReportDiagnostic("SOCK002")
            .ValidateAsync();

    [Fact]
    public Task WindowRegistration_RenamedImport() =>
        Project()
            .WithSourceCode("Sys.cs", InteropSources.RenamedDllImport)
            .WithSourceCode("""
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
                """)
            .ShouldReportDiagnostic("SOCK002")
            .ValidateAsync();

    [Fact]
    public Task ProjectWrapperDuplicates_InLoop() =>
        Project()
            .WithSourceCode("Parent.cs", """
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
                            shares.Add([|Duplication.For(listener, pid)|]);
                        return shares;
                    }
                }
                """)
            .WithSourceCode("Worker.cs", WorkerProcess)
            .ShouldReportDiagnostic("SOCK002", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task ForEachLambda_CountsAsALoop() =>
        Project()
            .WithSourceCode("""
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
                """)
            .ShouldReportDiagnostic("SOCK002")
            .ValidateAsync();
}
