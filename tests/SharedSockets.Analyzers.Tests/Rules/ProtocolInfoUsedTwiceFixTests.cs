using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.ProtocolInfoUsedTwiceAnalyzer,
    SharedSockets.CodeFixes.Fixes.ProtocolInfoUsedTwiceFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK007 code fix: duplicate once per created descriptor.</summary>
public sealed class ProtocolInfoUsedTwiceFixTests
{
    private const string DuplicatePerSocket = ProtocolInfoUsedTwiceFixProvider.DuplicateAgainKey;

    [Fact]
    public Task SecondCreation_GetsItsOwnDuplicate() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class InProcessSplit
                {
                    public (IntPtr Reader, IntPtr Writer) Split(IntPtr listener)
                    {
                        WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                        var reader = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        var writer = [|WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|];
                        return (reader, writer);
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class InProcessSplit
                {
                    public (IntPtr Reader, IntPtr Writer) Split(IntPtr listener)
                    {
                        WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                        var reader = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        WSADuplicateSocketW(listener, Environment.ProcessId, out info);
                        var writer = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        return (reader, writer);
                    }
                }
                """,
            CodeActionEquivalenceKey = DuplicatePerSocket,
        }.RunAsync();

    [Fact]
    public Task CheckedDuplication_IsCopiedWithItsCheck_FixAll() =>
        new Verify.Test
        {
            TestCode = """
                using System;

                sealed class Acceptors
                {
                    public nint[] Clone(nint listener, int self)
                    {
                        if (Ws2.DuplicateSocket(listener, self, out var info) != 0)
                            throw new InvalidOperationException("WSADuplicateSocket failed");
                        var first = Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0);
                        var second = [|Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0)|];
                        var third = [|Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0)|];
                        return new[] { first, second, third };
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
            FixedCode = """
                using System;

                sealed class Acceptors
                {
                    public nint[] Clone(nint listener, int self)
                    {
                        if (Ws2.DuplicateSocket(listener, self, out var info) != 0)
                            throw new InvalidOperationException("WSADuplicateSocket failed");
                        var first = Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0);
                        if (Ws2.DuplicateSocket(listener, self, out info) != 0)
                            throw new InvalidOperationException("WSADuplicateSocket failed");
                        var second = Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0);
                        if (Ws2.DuplicateSocket(listener, self, out info) != 0)
                            throw new InvalidOperationException("WSADuplicateSocket failed");
                        var third = Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0);
                        return new[] { first, second, third };
                    }
                }
                """,
            CodeActionEquivalenceKey = DuplicatePerSocket,
        }.RunAsync();

    [Fact]
    public Task Loop_MovesTheDuplicationIntoTheLoop() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class WorkerPool
                {
                    public IntPtr[] Spread(IntPtr listener, int workerCount)
                    {
                        var descriptors = new IntPtr[workerCount];
                        WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                        for (var i = 0; i < workerCount; i++)
                        {
                            descriptors[i] = [|WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|];
                        }

                        return descriptors;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class WorkerPool
                {
                    public IntPtr[] Spread(IntPtr listener, int workerCount)
                    {
                        var descriptors = new IntPtr[workerCount];
                        for (var i = 0; i < workerCount; i++)
                        {
                            WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                            descriptors[i] = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        }

                        return descriptors;
                    }
                }
                """,
            CodeActionEquivalenceKey = DuplicatePerSocket,
        }.RunAsync();

    [Fact]
    public Task CsWin32_InfoDeclaredApartFromTheDuplication_IsNotMoved() =>
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
                        PInvoke.WSADuplicateSocketW(listener, self, &info);
                        for (var i = 0; i < count; i++)
                            clones[i] = [|PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0)|];
                        return clones;
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = DuplicatePerSocket,
        }.RunAsync();

    [Fact]
    public Task Loop_WithEmbeddedBody_BecomesABlock() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class WorkerPool
                {
                    public IntPtr[] Spread(IntPtr listener, int workerCount)
                    {
                        var descriptors = new IntPtr[workerCount];
                        WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                        for (var i = 0; i < workerCount; i++)
                            descriptors[i] = [|WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|];
                        return descriptors;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class WorkerPool
                {
                    public IntPtr[] Spread(IntPtr listener, int workerCount)
                    {
                        var descriptors = new IntPtr[workerCount];
                        for (var i = 0; i < workerCount; i++)
                        {
                            WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                            descriptors[i] = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        }

                        return descriptors;
                    }
                }
                """,
            CodeActionEquivalenceKey = DuplicatePerSocket,
        }.RunAsync();

    [Fact]
    public Task CsWin32_SecondCreation_RefillsThroughThePointer() =>
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
            FixedCode = """
                using Windows.Win32;
                using Windows.Win32.Networking.WinSock;

                sealed unsafe class Acceptors
                {
                    public (SOCKET, SOCKET) Clone(SOCKET listener, uint self)
                    {
                        WSAPROTOCOL_INFOW info;
                        PInvoke.WSADuplicateSocketW(listener, self, &info);
                        var first = PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0);
                        PInvoke.WSADuplicateSocketW(listener, self, &info);
                        var second = PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0);
                        return (first, second);
                    }
                }
                """,
            CodeActionEquivalenceKey = DuplicatePerSocket,
        }.RunAsync();

    /// <summary>A reader and a writer from one received information, used only to send and receive: one Socket serves both.</summary>
    [Fact]
    public Task Managed_ReaderAndWriterFields_ShareTheFirstSocket() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Worker
                {
                    private readonly Socket reader;
                    private readonly Socket writer;

                    public Worker(SocketInformation received)
                    {
                        reader = new Socket(received);
                        writer = [|new Socket(received)|]; // the sending half
                    }

                    public int Read(byte[] buffer) => reader.Receive(buffer);

                    public void Write(byte[] data)
                    {
                        this.writer.NoDelay = true;
                        writer.Send(data);
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                sealed class Worker
                {
                    private readonly Socket reader;
                    private readonly Socket writer;

                    public Worker(SocketInformation received)
                    {
                        reader = new Socket(received);
                        writer = reader; // the sending half
                    }

                    public int Read(byte[] buffer) => reader.Receive(buffer);

                    public void Write(byte[] data)
                    {
                        this.writer.NoDelay = true;
                        writer.Send(data);
                    }
                }
                """,
            CodeActionEquivalenceKey = ProtocolInfoUsedTwiceFixProvider.ShareFirstSocketKey,
        }.RunAsync();

    [Fact]
    public Task Managed_Locals_ShareTheFirstSocket() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                static class Relay
                {
                    public static async Task PumpAsync(SocketInformation info, byte[] buffer)
                    {
                        var inbound = new Socket(info);
                        var outbound = [|new Socket(info)|];
                        var read = await inbound.ReceiveAsync(buffer, SocketFlags.None);
                        await outbound.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                static class Relay
                {
                    public static async Task PumpAsync(SocketInformation info, byte[] buffer)
                    {
                        var inbound = new Socket(info);
                        var outbound = inbound;
                        var read = await inbound.ReceiveAsync(buffer, SocketFlags.None);
                        await outbound.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                    }
                }
                """,
        }.RunAsync();

    /// <summary>Closing one of the two would close both once they are one object: no fix.</summary>
    [Fact]
    public Task Managed_OneOfThemIsClosedOnItsOwn_NoFix() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Worker
                {
                    private readonly Socket reader;
                    private readonly Socket writer;

                    public Worker(SocketInformation received)
                    {
                        reader = new Socket(received);
                        writer = [|new Socket(received)|];
                    }

                    public int Read(byte[] buffer) => reader.Receive(buffer);

                    public void StopWriting() => writer.Close();
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    /// <summary>The second Socket leaves the method (its handle, or the object): whoever gets it may close it, or tell them apart.</summary>
    [Fact]
    public Task Managed_SecondSocketEscapes_NoFix() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                static class Adopter
                {
                    public static IntPtr Adopt(SocketInformation info)
                    {
                        var data = new Socket(info);
                        var control = [|new Socket(info)|];
                        data.NoDelay = true;
                        return control.Handle;
                    }

                    public static void Start(SocketInformation info, Action<Socket> start)
                    {
                        var data = new Socket(info);
                        var control = [|new Socket(info)|];
                        data.NoDelay = true;
                        start(control);
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task NoFix_ForSocketInformationOrForeignInfo() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Adopter
                {
                    public (Socket, Socket) Adopt(SocketInformation info) => (new Socket(info), [|new Socket(info)|]);

                    public (IntPtr, IntPtr) FromParent(WSAPROTOCOL_INFOW received)
                    {
                        var a = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref received, 0, 0);
                        var b = [|WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref received, 0, 0)|];
                        return (a, b);
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task NoMove_WhenTheInfoIsAlsoUsedOutsideTheLoop() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class WorkerPool
                {
                    public WSAPROTOCOL_INFOW Spread(IntPtr listener, IntPtr[] descriptors)
                    {
                        WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                        foreach (var index in new[] { 0, 1 })
                        {
                            descriptors[index] = [|WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0)|];
                        }

                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();
}
