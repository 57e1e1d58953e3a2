using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.UseAfterDuplicateAndCloseAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK006 must flag: the Socket object is used after DuplicateAndClose closed it.</summary>
public sealed class UseAfterDuplicateAndCloseAnalyzerTests
{
    [Fact]
    public Task SendAfterHandOff_NamesTheHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Text;

            sealed class Broker
            {
                public SocketInformation HandOff(Socket socket, int workerProcessId)
                {
                    var info = {|#0:socket.DuplicateAndClose(workerProcessId)|};
                    {|#1:socket.Send(Encoding.ASCII.GetBytes("handed off"))|};
                    return info;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'socket.Send(Encoding.ASCII.GetBytes(\"handed off\"))' uses 'socket' after 'socket.DuplicateAndClose(workerProcessId)' at line 8 closed it: DuplicateAndClose hands the socket to the target process and disposes this Socket object"));

    [Fact]
    public Task PropertyReadAndSetAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task UseOnOnePathOnly_ConditionalHandOff() =>
        Verify.VerifyAnalyzerAsync("""
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

                    {|#1:client.Send(greeting)|};
                    return info;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'client.Send(greeting)' uses 'client' after 'client.DuplicateAndClose(workerPid)' at line 10 closed it: DuplicateAndClose hands the socket to the target process and disposes this Socket object"));

    [Fact]
    public Task HandOffToEveryWorkerInALoop_SecondPassUsesTheClosedSocket() =>
        Verify.VerifyAnalyzerAsync("""
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
                        infos.Add({|#0:listener.DuplicateAndClose(worker.Id)|});
                    }

                    return infos;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(0)
                .WithLocation(0)
                .WithMessage("'listener.DuplicateAndClose(worker.Id)' uses 'listener' after 'listener.DuplicateAndClose(worker.Id)' at line 12 closed it on an earlier pass of the loop: DuplicateAndClose hands the socket to the target process and disposes this Socket object"));

    [Fact]
    public Task UseAtTheTopOfTheLoopAfterAnEarlierPassHandedOff() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task ThroughALocalAlias() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task ThroughAFieldInTheSameMethod() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task OwnMethodCalledAfterHandOffUsesTheField() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Text;

            sealed class Connection
            {
                private readonly Socket socket;

                public Connection(Socket accepted) => socket = accepted;

                public SocketInformation Migrate(int pid)
                {
                    var info = {|#0:socket.DuplicateAndClose(pid)|};
                    {|#2:SayGoodbye()|};
                    return info;
                }

                private void SayGoodbye() => {|#1:socket.Send(Encoding.ASCII.GetBytes("bye"))|};
            }
            """,
            Verify.Diagnostic()
                .WithLocation(2)
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("'SayGoodbye()' uses 'socket' after 'socket.DuplicateAndClose(pid)' at line 12 closed it (in 'socket.Send(Encoding.ASCII.GetBytes(\"bye\"))'): DuplicateAndClose hands the socket to the target process and disposes this Socket object"));

    [Fact]
    public Task PassedWhereASocketIsExpected() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task ThreadBodyStartedAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task ConditionalAccessAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task ProjectWrapperAroundDuplicateAndClose() =>
        Verify.VerifyAnalyzerAsync("""
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
                    {|#1:socket.Send(banner)|};
                    return info;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'socket.Send(banner)' uses 'socket' after 'HandOffs.To(socket, pid)' at line 12 closed it: DuplicateAndClose hands the socket to the target process and disposes this Socket object"));

    [Fact]
    public Task DllImport_ClosesTheHandleOfTheClosedSocket() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task LibraryImport_ShutdownThroughTheHandle() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();

    [Fact]
    public Task CsWin32_SocketStructOverTheHandle() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task Vanara_SocketStructOverTheHandle() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    [Fact]
    public Task TcpClientSocket_UsedAfterItsSocketWasHandedOff() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    // Real code (NCache): the hand-off runs in a try; when a later step throws, the catch logs the
    // endpoint of the socket already handed off (and throws ObjectDisposedException from the catch).
    [Fact]
    public Task UseInACatch_AfterAHandOffInTheTry() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            sealed class ServiceInitializeCommand
            {
                private readonly Socket connection;

                public ServiceInitializeCommand(Socket connection) => this.connection = connection;

                public void Execute(int targetProcessId)
                {
                    try
                    {
                        SocketInformation info = {|#0:connection.DuplicateAndClose(targetProcessId)|};
                        Deliver(info);
                    }
                    catch (Exception)
                    {
                        Console.WriteLine({|#1:connection.RemoteEndPoint|});
                    }
                }

                private static void Deliver(SocketInformation info) { }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'connection.RemoteEndPoint' uses 'connection' after 'connection.DuplicateAndClose(targetProcessId)' at line 14 closed it: DuplicateAndClose hands the socket to the target process and disposes this Socket object"));

    // Real code (NCache): a helper hands off the socket of the object it is given (a member of its
    // parameter, with a process id of its own); the caller's catch then uses that socket.
    [Fact]
    public Task HelperHandsOffTheSocketOfItsArgument_UseInTheCallersCatch() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            sealed class ClientManager
            {
                public Socket ClientSocket { get; } = new Socket(SocketType.Stream, ProtocolType.Tcp);
            }

            static class SocketHelper
            {
                public static void TransferConnection(ClientManager client, string cacheId)
                {
                    int targetProcessId = cacheId.Length;
                    SocketInformation info = client.ClientSocket.DuplicateAndClose(targetProcessId);
                    Deliver(info);
                }

                private static void Deliver(SocketInformation info) { }
            }

            sealed class InitializeCommand
            {
                public void Execute(ClientManager clientManager, string cacheId)
                {
                    try
                    {
                        {|#0:SocketHelper.TransferConnection(clientManager, cacheId)|};
                    }
                    catch (Exception)
                    {
                        Console.WriteLine({|#1:clientManager.ClientSocket.RemoteEndPoint|});
                    }
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'clientManager.ClientSocket.RemoteEndPoint' uses 'clientManager.ClientSocket' after 'SocketHelper.TransferConnection(clientManager, cacheId)' at line 27 closed it: DuplicateAndClose hands the socket to the target process and disposes this Socket object"));
}
