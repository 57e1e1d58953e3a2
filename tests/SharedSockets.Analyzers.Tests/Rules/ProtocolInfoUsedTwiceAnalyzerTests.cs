using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.ProtocolInfoUsedTwiceAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK007 must flag: one WSAPROTOCOL_INFO / SocketInformation creates more than one socket.</summary>
public sealed class ProtocolInfoUsedTwiceAnalyzerTests
{
    [Fact]
    public Task DllImport_TwoDescriptorsFromOneDuplicate_NamesTheFirst() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class InProcessSplit
            {
                public (IntPtr Reader, IntPtr Writer) Split(IntPtr listener)
                {
                    WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                    var reader = {|#0:WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|};
                    var writer = {|#1:WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|};
                    return (reader, writer);
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info…' creates a socket from 'info', which 'WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info…' at line 9 already used: the protocol info of one duplication creates one socket only; duplicate once per socket"));

    [Fact]
    public Task DllImport_OneDuplicateForAWholeWorkerLoop_NamesTheLoop() =>
        Verify.VerifyAnalyzerAsync("""
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
                        descriptors[i] = {|#1:WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|};
                    }

                    return descriptors;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info…' creates a socket from 'info', which the loop at line 10 does not fill again on each pass: the protocol info of one duplication creates one socket only; duplicate once per socket"));

    [Fact]
    public Task LibraryImport_RenamedEntryPoints() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();

    [Fact]
    public Task CsWin32_PointerToOneProtocolInfo() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task Vanara_InParameterInAWhileLoop() =>
        new Verify.Test
        {
            TestCode = """
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
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    [Fact]
    public Task Managed_TwoSocketsFromOneReceivedSocketInformation() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Worker
            {
                private readonly Socket reader;
                private readonly Socket writer;

                public Worker(SocketInformation received)
                {
                    reader = {|#0:new Socket(received)|};
                    writer = {|#1:new Socket(received)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'new Socket(received)' creates a socket from 'received', which 'new Socket(received)' at line 10 already used: the protocol info of one duplication creates one socket only; duplicate once per socket"));

    [Fact]
    public Task Managed_InsideAForeachOverWorkers() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task Managed_FieldUsedByTwoMethodsOfTheType() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Session
            {
                private readonly SocketInformation handedOver;

                public Session(SocketInformation info) => handedOver = info;

                public Socket OpenReader() => {|#0:new Socket(handedOver)|};

                public Socket OpenWriter() => {|#1:new Socket(handedOver)|};
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'new Socket(handedOver)' creates a socket from 'handedOver', which 'new Socket(handedOver)' at line 9 already used: the protocol info of one duplication creates one socket only; duplicate once per socket"));

    [Fact]
    public Task Managed_InProcessDuplicateAndCloseThenTwoSockets() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task FieldFilledInConstructor_CreatedInALoop() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task ThreadBodyLoopInALambda() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);

    [Fact]
    public Task SecondCreationOnOnlyOnePath() =>
        Verify.VerifyAnalyzerAsync("""
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
            """);
}
