using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.ProtocolInfoUsedTwiceAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK007 must not flag: one creation per duplicate, different infos, exclusive paths.</summary>
public sealed class ProtocolInfoUsedTwiceAnalyzerValidTests
{
    [Fact]
    public Task OneDuplicatePerPassOfTheLoop() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class WorkerPool
            {
                public IntPtr[] Spread(IntPtr listener, int workerCount)
                {
                    var descriptors = new IntPtr[workerCount];
                    for (var i = 0; i < workerCount; i++)
                    {
                        if (WSADuplicateSocketW(listener, Environment.ProcessId, out var info) != 0)
                            throw new InvalidOperationException("WSADuplicateSocket failed");
                        descriptors[i] = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                    }

                    return descriptors;
                }
            }
            """);

    [Fact]
    public Task RefilledIntoTheSameLocalBeforeEachCreation() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class WorkerPool
            {
                public (IntPtr, IntPtr) Split(IntPtr listener)
                {
                    WSAPROTOCOL_INFOW info;
                    WSADuplicateSocketW(listener, Environment.ProcessId, out info);
                    var reader = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                    WSADuplicateSocketW(listener, Environment.ProcessId, out info);
                    var writer = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                    return (reader, writer);
                }

                public IntPtr[] Loop(IntPtr listener, int count)
                {
                    var result = new IntPtr[count];
                    var info = default(WSAPROTOCOL_INFOW);
                    for (var i = 0; i < count; i++)
                    {
                        WSADuplicateSocketW(listener, Environment.ProcessId, out info);
                        result[i] = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                    }

                    return result;
                }
            }
            """);

    [Fact]
    public Task TwoDuplicatesTwoInfos() =>
        new Verify.Test
        {
            TestCode = """
                using System;

                sealed class Acceptors
                {
                    public (nint, nint) Clone(nint listener)
                    {
                        Ws2.DuplicateSocket(listener, Environment.ProcessId, out var forReader);
                        Ws2.DuplicateSocket(listener, Environment.ProcessId, out var forWriter);
                        return (Ws2.SocketFromInfo(-1, -1, -1, ref forReader, 0, 0), Ws2.SocketFromInfo(-1, -1, -1, ref forWriter, 0, 0));
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();

    [Fact]
    public Task CsWin32_PointerRefilledBetweenCreations() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Networking.WinSock;

                sealed unsafe class Acceptors
                {
                    public SOCKET[] Clone(SOCKET listener, uint self, int count)
                    {
                        var clones = new SOCKET[count];
                        WSAPROTOCOL_INFOW info;
                        for (var i = 0; i < count; i++)
                        {
                            PInvoke.WSADuplicateSocketW(listener, self, &info);
                            clones[i] = PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0);
                        }

                        return clones;
                    }

                    public (SOCKET, SOCKET) Pair(SOCKET listener, uint self)
                    {
                        WSAPROTOCOL_INFOW info;
                        PInvoke.WSADuplicateSocketW(listener, self, &info);
                        var first = PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0);
                        PInvoke.WSADuplicateSocketW(listener, self, &info);
                        return (first, PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0));
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task Vanara_OneDuplicatePerWorker() =>
        new Verify.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using Vanara.PInvoke;

                sealed class Acceptors
                {
                    public List<Ws2_32.SOCKET> Clone(Ws2_32.SOCKET listener, IEnumerable<uint> workers)
                    {
                        var clones = new List<Ws2_32.SOCKET>();
                        foreach (var worker in workers)
                        {
                            Ws2_32.WSADuplicateSocket(listener, worker, out var info);
                            clones.Add(Ws2_32.WSASocket(-1, -1, -1, info, 0, 0));
                        }

                        return clones;
                    }
                }
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    [Fact]
    public Task Managed_OneSocketPerReceivedInformation() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Sockets;

            sealed class Worker
            {
                public List<Socket> AdoptAll(IEnumerable<SocketInformation> received, SocketInformation[] batch, Stream pipe)
                {
                    var sockets = new List<Socket>();
                    foreach (var info in received)
                    {
                        sockets.Add(new Socket(info));
                    }

                    for (var i = 0; i < batch.Length; i++)
                    {
                        sockets.Add(new Socket(batch[i]));
                    }

                    while (pipe.Position < pipe.Length)
                    {
                        var next = ReadInformation(pipe);
                        sockets.Add(new Socket(next));
                        sockets.Add(new Socket(ReadInformation(pipe)));
                    }

                    return sockets;
                }

                private static SocketInformation ReadInformation(Stream pipe) => new SocketInformation();
            }
            """);

    [Fact]
    public Task ExclusivePathsCreateOnce() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Adopter
            {
                public Socket Adopt(SocketInformation info, bool tls)
                {
                    if (tls)
                    {
                        return new Socket(info);
                    }

                    return new Socket(info);
                }

                public Socket Either(SocketInformation info, bool blocking)
                {
                    Socket socket;
                    if (blocking)
                        socket = new Socket(info) { Blocking = true };
                    else
                        socket = new Socket(info);
                    return socket;
                }

                public Socket Switch(SocketInformation info, int mode) => mode switch
                {
                    0 => new Socket(info),
                    _ => new Socket(info),
                };
            }
            """);

    [Fact]
    public Task LoopThatLeavesAfterTheFirstCreation() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;

            sealed class Adopter
            {
                public Socket? FirstUsable(SocketInformation info, IEnumerable<string> candidates)
                {
                    foreach (var candidate in candidates)
                    {
                        if (candidate.Length == 0)
                        {
                            continue;
                        }

                        return new Socket(info);
                    }

                    return null;
                }
            }
            """);

    [Fact]
    public Task SocketsWithoutProtocolInfo() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Factory
            {
                public (IntPtr, IntPtr, Socket, Socket) Create()
                {
                    var a = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                    var b = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                    var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    var d = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    for (var i = 0; i < 3; i++)
                    {
                        closesocket(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
                    }

                    return (a, b, c, d);
                }
            }
            """);

    [Fact]
    public Task DuplicateAndCloseOncePerAcceptedClient() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Broker
            {
                public void Loop(Socket listener, int pid)
                {
                    while (true)
                    {
                        var client = listener.Accept();
                        var info = client.DuplicateAndClose(pid);
                        using var local = new Socket(info);
                    }
                }
            }
            """);

    [Fact]
    public Task ParametersOfDifferentMethods() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Adopter
            {
                public Socket Reader(SocketInformation info) => new Socket(info);

                public Socket Writer(SocketInformation info) => new Socket(info);
            }
            """);
}
