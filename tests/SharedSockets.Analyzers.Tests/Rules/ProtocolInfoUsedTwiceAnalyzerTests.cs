using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK007 must flag: one WSAPROTOCOL_INFO / SocketInformation creates more than one socket.</summary>
public sealed class ProtocolInfoUsedTwiceAnalyzerTests
{
    private static ProjectBuilder Project(string code, string interop = InteropSources.DllImport) =>
        ProjectBuilder.Create()
            .WithAnalyzer<ProtocolInfoUsedTwiceAnalyzer>()
            .WithSourceCode("Interop.cs", interop)
            .WithSourceCode(code);

    [Fact]
    public Task DllImport_TwoDescriptorsFromOneDuplicate_NamesTheFirst() =>
        Project("""
            using System;
            using static NativeMethods;

            sealed class InProcessSplit
            {
                public (IntPtr Reader, IntPtr Writer) Split(IntPtr listener)
                {
                    WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                    var reader = {|#0:WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|};
                    var writer = [|WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|];
                    return (reader, writer);
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK007",
                "'WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info…' creates a socket from 'info', which 'WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info…' at line 9 already used: the protocol info of one duplication creates one socket only; duplicate once per socket",
                Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
                "#0")
            .ValidateAsync();

    [Fact]
    public Task DllImport_OneDuplicateForAWholeWorkerLoop_NamesTheLoop() =>
        Project("""
            using System;
            using static NativeMethods;

            sealed class WorkerPool
            {
                public IntPtr[] Spread(IntPtr listener, int workerCount)
                {
                    var descriptors = new IntPtr[workerCount];
                    WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                    {|#0:for (var i = 0; i < workerCount; i++)|}
                    {
                        descriptors[i] = [|WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|];
                    }

                    return descriptors;
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK007",
                "'WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info…' creates a socket from 'info', which the loop at line 10 does not fill again on each pass: the protocol info of one duplication creates one socket only; duplicate once per socket",
                additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task LibraryImport_RenamedEntryPoints() =>
        Project("""
            using System;

            sealed class Acceptors
            {
                public nint[] Clone(nint listener)
                {
                    Ws2.DuplicateSocket(listener, Environment.ProcessId, out var info);
                    var first = Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0);
                    var second = [|Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0)|];
                    return new[] { first, second };
                }
            }
            """, InteropSources.LibraryImport)
            .WithLibraryImportGenerator()
            .ShouldReportDiagnostic("SOCK007")
            .ValidateAsync();

    [Fact]
    public Task CsWin32_PointerToOneProtocolInfo() =>
        Project("""
            using Windows.Win32;
            using Windows.Win32.Networking.WinSock;

            sealed unsafe class Acceptors
            {
                public (SOCKET, SOCKET) Clone(SOCKET listener, uint self)
                {
                    WSAPROTOCOL_INFOW info;
                    PInvoke.WSADuplicateSocketW(listener, self, &info);
                    var first = PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0);
                    var second = [|PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0)|];
                    return (first, second);
                }
            }
            """, InteropSources.CsWin32)
            .ShouldReportDiagnostic("SOCK007")
            .ValidateAsync();

    [Fact]
    public Task Vanara_InParameterInAWhileLoop() =>
        Project("""
            using System.Collections.Generic;
            using Vanara.PInvoke;

            sealed class Acceptors
            {
                public List<Ws2_32.SOCKET> Clone(Ws2_32.SOCKET listener, uint self, int count)
                {
                    var clones = new List<Ws2_32.SOCKET>();
                    Ws2_32.WSADuplicateSocket(listener, self, out var info);
                    while (clones.Count < count)
                    {
                        clones.Add([|Ws2_32.WSASocket(-1, -1, -1, info, 0, 0)|]);
                    }

                    return clones;
                }
            }
            """, InteropSources.Vanara)
            .ShouldReportDiagnostic("SOCK007")
            .ValidateAsync();

    [Fact]
    public Task Managed_TwoSocketsFromOneReceivedSocketInformation() =>
        Project("""
            using System.Net.Sockets;

            sealed class Worker
            {
                private readonly Socket reader;
                private readonly Socket writer;

                public Worker(SocketInformation received)
                {
                    reader = {|#0:new Socket(received)|};
                    writer = [|new Socket(received)|];
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK007", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task Managed_InsideAForeachOverWorkers() =>
        Project("""
            using System.Collections.Generic;
            using System.Net.Sockets;

            sealed class Fanout
            {
                public Dictionary<string, Socket> Attach(SocketInformation info, IEnumerable<string> roles)
                {
                    var sockets = new Dictionary<string, Socket>();
                    foreach (var role in roles)
                    {
                        sockets[role] = [|new Socket(info)|];
                    }

                    return sockets;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK007")
            .ValidateAsync();

    [Fact]
    public Task Managed_FieldUsedByTwoMethodsOfTheType() =>
        Project("""
            using System.Net.Sockets;

            sealed class Session
            {
                private readonly SocketInformation handedOver;

                public Session(SocketInformation info) => handedOver = info;

                public Socket OpenReader() => {|#0:new Socket(handedOver)|};

                public Socket OpenWriter() => [|new Socket(handedOver)|];
            }
            """)
            .ShouldReportDiagnostic("SOCK007", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task Managed_InProcessDuplicateAndCloseThenTwoSockets() =>
        Project("""
            using System;
            using System.Net.Sockets;

            sealed class Rehost
            {
                public (Socket, Socket) Rehome(Socket original)
                {
                    var info = original.DuplicateAndClose(Environment.ProcessId);
                    var alias = info;
                    var first = new Socket(info);
                    var second = [|new Socket(alias)|];
                    return (first, second);
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK007")
            .ValidateAsync();

    [Fact]
    public Task FieldFilledInConstructor_CreatedInALoop() =>
        Project("""
            using System;
            using static NativeMethods;

            sealed class Prefork
            {
                private WSAPROTOCOL_INFOW info;

                public Prefork(IntPtr listener) => WSADuplicateSocketW(listener, Environment.ProcessId, out info);

                public void Start(Action<IntPtr> run, int workers)
                {
                    for (var i = 0; i < workers; i++)
                    {
                        run([|WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|]);
                    }
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK007")
            .ValidateAsync();

    [Fact]
    public Task ThreadBodyLoopInALambda() =>
        Project("""
            using System.Collections.Concurrent;
            using System.Net.Sockets;
            using System.Threading;

            sealed class Pool
            {
                public Thread Start(SocketInformation info, BlockingCollection<Socket> ready)
                {
                    return new Thread(() =>
                    {
                        while (!ready.IsAddingCompleted)
                        {
                            ready.Add([|new Socket(info)|]);
                        }
                    });
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK007")
            .ValidateAsync();

    [Fact]
    public Task SecondCreationOnOnlyOnePath() =>
        Project("""
            using System.Net.Sockets;

            sealed class Adopter
            {
                public Socket Adopt(SocketInformation info, bool needsControlChannel, out Socket? control)
                {
                    var data = new Socket(info);
                    control = null;
                    if (needsControlChannel)
                    {
                        control = [|new Socket(info)|];
                    }

                    return data;
                }
            }
            """)
            .ShouldReportDiagnostic("SOCK007")
            .ValidateAsync();
}
