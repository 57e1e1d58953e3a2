using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK006 must flag: the Socket object is used after DuplicateAndClose closed it.</summary>
public sealed class UseAfterDuplicateAndCloseAnalyzerTests
{
    private static ProjectBuilder Project(string code, string interop = InteropSources.DllImport) =>
        ProjectBuilder.Create()
            .WithAnalyzer<UseAfterDuplicateAndCloseAnalyzer>()
            .WithSourceCode("Interop.cs", interop)
            .WithSourceCode(code);

    [Fact]
    public Task SendAfterHandOff_NamesTheHandOff() =>
        Project("""
            using System.Net.Sockets;
            using System.Text;

            sealed class Broker
            {
                public SocketInformation HandOff(Socket socket, int workerProcessId)
                {
                    var info = {|#0:socket.DuplicateAndClose(workerProcessId)|};
                    [|socket.Send(Encoding.ASCII.GetBytes("handed off"))|];
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK006",
                "'socket.Send(Encoding.ASCII.GetBytes(\"handed off\"))' uses 'socket' after 'socket.DuplicateAndClose(workerProcessId)' at line 8 closed it: DuplicateAndClose hands the socket to the target process and disposes this Socket object",
                Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
                "#0")
            .ValidateAsync();

    [Fact]
    public Task PropertyReadAndSetAfterHandOff() =>
        Project("""
            using System;
            using System.Net.Sockets;

            sealed class Broker
            {
                public SocketInformation HandOff(Socket socket, int pid)
                {
                    var info = socket.DuplicateAndClose(pid);
                    Console.WriteLine($"handed {[|socket.RemoteEndPoint|]} to {pid}");
                    [|socket.NoDelay = true|];
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task UseOnOnePathOnly_ConditionalHandOff() =>
        Project("""
            using System.Net.Sockets;

            sealed class Dispatcher
            {
                public SocketInformation? Dispatch(Socket client, int workerPid, bool remote, byte[] greeting)
                {
                    SocketInformation? info = null;
                    if (remote)
                    {
                        info = {|#0:client.DuplicateAndClose(workerPid)|};
                    }

                    [|client.Send(greeting)|];
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task HandOffToEveryWorkerInALoop_SecondPassUsesTheClosedSocket() =>
        Project("""
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Net.Sockets;

            sealed class PreForkPool
            {
                public List<SocketInformation> Share(Socket listener, IEnumerable<Process> workers)
                {
                    var infos = new List<SocketInformation>();
                    foreach (var worker in workers)
                    {
                        infos.Add([|listener.DuplicateAndClose(worker.Id)|]);
                    }

                    return infos;
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK006",
                "'listener.DuplicateAndClose(worker.Id)' uses 'listener' after 'listener.DuplicateAndClose(worker.Id)' at line 12 closed it on an earlier pass of the loop: DuplicateAndClose hands the socket to the target process and disposes this Socket object")
            .ValidateAsync();

    [Fact]
    public Task UseAtTheTopOfTheLoopAfterAnEarlierPassHandedOff() =>
        Project("""
            using System.Net.Sockets;

            sealed class Relay
            {
                public void Pump(Socket upstream, int workerPid, byte[] buffer)
                {
                    while (true)
                    {
                        var read = [|upstream.Receive(buffer)|];
                        if (read == 0)
                        {
                            [|upstream.DuplicateAndClose(workerPid)|];
                        }
                    }
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task ThroughALocalAlias() =>
        Project("""
            using System.Net.Sockets;

            sealed class Session
            {
                public SocketInformation Transfer(Socket accepted, int pid)
                {
                    var connection = accepted;
                    var info = accepted.DuplicateAndClose(pid);
                    [|connection.Shutdown(SocketShutdown.Both)|];
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task ThroughAFieldInTheSameMethod() =>
        Project("""
            using System.Net;
            using System.Net.Sockets;

            sealed class Upstream
            {
                private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                public SocketInformation MoveTo(int pid, IPEndPoint fallback)
                {
                    var info = socket.DuplicateAndClose(pid);
                    if (info.Options.HasFlag(SocketInformationOptions.Connected))
                    {
                        return info;
                    }

                    [|socket.Connect(fallback)|];
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task OwnMethodCalledAfterHandOffUsesTheField() =>
        Project("""
            using System.Net.Sockets;
            using System.Text;

            sealed class Connection
            {
                private readonly Socket socket;

                public Connection(Socket accepted) => socket = accepted;

                public SocketInformation Migrate(int pid)
                {
                    var info = {|#0:socket.DuplicateAndClose(pid)|};
                    [|SayGoodbye()|];
                    return info;
                }

                private void SayGoodbye() => {|#1:socket.Send(Encoding.ASCII.GetBytes("bye"))|};
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK006",
                "'SayGoodbye()' uses 'socket' after 'socket.DuplicateAndClose(pid)' at line 12 closed it (in 'socket.Send(Encoding.ASCII.GetBytes(\"bye\"))'): DuplicateAndClose hands the socket to the target process and disposes this Socket object",
                additionalLocationMarkers: new[] { "#0", "#1" })
            .ValidateAsync();

    [Fact]
    public Task PassedWhereASocketIsExpected() =>
        Project("""
            using System.IO;
            using System.Net.Sockets;

            sealed class Gateway
            {
                public Stream Forward(Socket socket, int pid, out SocketInformation info)
                {
                    info = socket.DuplicateAndClose(pid);
                    return [|new NetworkStream(socket, ownsSocket: false)|];
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task ThreadBodyStartedAfterHandOff() =>
        Project("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            sealed class Worker
            {
                public Task<int> Start(Socket socket, int pid, byte[] buffer, out SocketInformation info)
                {
                    info = socket.DuplicateAndClose(pid);
                    return Task.Run(() => [|socket.Receive(buffer)|]);
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task ConditionalAccessAfterHandOff() =>
        Project("""
            using System.Net.Sockets;

            sealed class Worker
            {
                public SocketInformation Release(Socket? socket, int pid)
                {
                    var info = socket!.DuplicateAndClose(pid);
                    [|socket?.Shutdown(SocketShutdown.Send)|];
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task ProjectWrapperAroundDuplicateAndClose() =>
        Project("""
            using System.Net.Sockets;

            static class HandOffs
            {
                public static SocketInformation To(Socket socket, int pid) => socket.DuplicateAndClose(pid);
            }

            sealed class Supervisor
            {
                public SocketInformation Give(Socket socket, int pid, byte[] banner)
                {
                    var info = {|#0:HandOffs.To(socket, pid)|};
                    [|socket.Send(banner)|];
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task DllImport_ClosesTheHandleOfTheClosedSocket() =>
        Project("""
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class NativeCleanup
            {
                public SocketInformation HandOff(Socket socket, int pid)
                {
                    var info = socket.DuplicateAndClose(pid);
                    closesocket([|socket.Handle|]);
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task LibraryImport_ShutdownThroughTheHandle() =>
        Project("""
            using System.Net.Sockets;

            sealed class NativeCleanup
            {
                public SocketInformation HandOff(Socket socket, int pid)
                {
                    var info = socket.DuplicateAndClose(pid);
                    Ws2.shutdown([|socket.Handle|], 2);
                    return info;
                }
            }
            """, InteropSources.LibraryImport)
            .WithLibraryImportGenerator()
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task CsWin32_SocketStructOverTheHandle() =>
        Project("""
            using System.Net.Sockets;
            using Windows.Win32;
            using Windows.Win32.Networking.WinSock;

            sealed class NativeCleanup
            {
                public SocketInformation HandOff(Socket socket, int pid)
                {
                    var info = socket.DuplicateAndClose(pid);
                    PInvoke.closesocket(new SOCKET((nuint)(nint)[|socket.Handle|]));
                    return info;
                }
            }
            """, InteropSources.CsWin32)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task Vanara_SocketStructOverTheHandle() =>
        Project("""
            using System.Net.Sockets;
            using Vanara.PInvoke;

            sealed class NativeCleanup
            {
                public SocketInformation HandOff(Socket socket, int pid)
                {
                    var info = socket.DuplicateAndClose(pid);
                    Ws2_32.shutdown(new Ws2_32.SOCKET([|socket.Handle|]), Ws2_32.SD.SD_BOTH);
                    return info;
                }
            }
            """, InteropSources.Vanara)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();

    [Fact]
    public Task TcpClientSocket_UsedAfterItsSocketWasHandedOff() =>
        Project("""
            using System.Net.Sockets;

            sealed class ClientMover
            {
                public SocketInformation Move(TcpClient client, int pid)
                {
                    var info = client.Client.DuplicateAndClose(pid);
                    _ = [|client.Client.Available|];
                    return info;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK006")
            .ValidateAsync();
}
