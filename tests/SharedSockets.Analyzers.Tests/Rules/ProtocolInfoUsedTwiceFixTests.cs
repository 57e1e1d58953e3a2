using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using SharedSockets.CodeFixes.Fixes;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK007 code fix: duplicate once per created descriptor.</summary>
public sealed class ProtocolInfoUsedTwiceFixTests
{
    private const string DuplicatePerSocket = ProtocolInfoUsedTwiceFixProvider.DuplicateAgainKey;

    private static ProjectBuilder Project(string code, string interop = InteropSources.DllImport) =>
        ProjectBuilder.Create()
            .WithAnalyzer<ProtocolInfoUsedTwiceAnalyzer>()
            .WithCodeFixProvider<ProtocolInfoUsedTwiceFixProvider>()
            .WithSourceCode(code)
            .WithSourceCode("Interop.cs", interop);

    [Fact]
    public Task SecondCreation_GetsItsOwnDuplicate() =>
        Project("""
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
            """)
            .WithCodeFixEquivalenceKey(DuplicatePerSocket)
            .ShouldFixCodeWith("""
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
            """)
            .ValidateAsync();

    [Fact]
    public Task CheckedDuplication_IsCopiedWithItsCheck_FixAll() =>
        Project("""
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
            """, InteropSources.LibraryImport)
            .WithLibraryImportGenerator()
            .WithCodeFixEquivalenceKey(DuplicatePerSocket)
            .ShouldBatchFixCodeWith("""
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
            """)
            .ValidateAsync();

    [Fact]
    public Task Loop_MovesTheDuplicationIntoTheLoop() =>
        Project("""
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
            """)
            .WithCodeFixEquivalenceKey(DuplicatePerSocket)
            .ShouldFixCodeWith("""
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
            """)
            .ValidateAsync();

    [Fact]
    public Task CsWin32_InfoDeclaredApartFromTheDuplication_IsNotMoved() =>
        Project("""
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
            """, InteropSources.CsWin32)
            .WithCodeFixEquivalenceKey(DuplicatePerSocket)
            .ShouldNotOfferCodeFix()
            .ValidateAsync();

    [Fact]
    public Task Loop_WithEmbeddedBody_BecomesABlock() =>
        Project("""
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
            """)
            .WithCodeFixEquivalenceKey(DuplicatePerSocket)
            .ShouldFixCodeWith("""
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
            """)
            .ValidateAsync();

    [Fact]
    public Task CsWin32_SecondCreation_RefillsThroughThePointer() =>
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
            .WithCodeFixEquivalenceKey(DuplicatePerSocket)
            .ShouldFixCodeWith("""
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
            """)
            .ValidateAsync();

    [Fact]
    public Task NoFix_ForSocketInformationOrForeignInfo() =>
        Project("""
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
            """)
            .ShouldNotOfferCodeFix()
            .ValidateAsync();

    [Fact]
    public Task NoMove_WhenTheInfoIsAlsoUsedOutsideTheLoop() =>
        Project("""
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
            """)
            .ShouldNotOfferCodeFix()
            .ValidateAsync();
}
