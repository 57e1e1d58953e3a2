using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.DuplicateHandleOnSocketAnalyzer,
    SharedSockets.CodeFixes.Fixes.DuplicateHandleOnSocketFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK008 code fix: an in-process DuplicateHandle copy becomes WSADuplicateSocket + WSASocket.</summary>
public sealed class DuplicateHandleOnSocketFixTests
{
    private const string UseWinsock = DuplicateHandleOnSocketFixProvider.UseWinsockDuplicationKey;

    [Fact]
    public Task DllImport_InProcessCopy() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Worker
                {
                    public IntPtr Clone()
                    {
                        var s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                        [|DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out var copy, 0, false, DUPLICATE_SAME_ACCESS)|];
                        return copy;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Worker
                {
                    public IntPtr Clone()
                    {
                        var s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                        WSADuplicateSocketW(s, Environment.ProcessId, out var copyInfo);
                        var copy = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref copyInfo, 0, 1);
                        return copy;
                    }
                }
                """,
            CodeActionEquivalenceKey = UseWinsock,
        }.RunAsync();

    [Fact]
    public Task LibraryImport_PseudoHandlesAndExistingTarget() =>
        new Verify.Test
        {
            TestCode = """
                sealed class Worker
                {
                    private nint backup;
                    private int size = 4096;

                    public void Keep(nint s)
                    {
                        Ws2.setsockopt(s, 0xffff, 0x1002, ref size, 4);
                        [|Ws2.DuplicateHandle(-1, s, -1, out backup, 0, false, 2)|];
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
            FixedCode = """
                sealed class Worker
                {
                    private nint backup;
                    private int size = 4096;

                    public void Keep(nint s)
                    {
                        Ws2.setsockopt(s, 0xffff, 0x1002, ref size, 4);
                        Ws2.DuplicateSocket(s, System.Environment.ProcessId, out var backupInfo);
                        backup = Ws2.SocketFromInfo(-1, -1, -1, ref backupInfo, 0, 1);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseWinsock,
        }.RunAsync();

    [Fact]
    public Task FixAll_TwoCopiesInOneMethod() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Mirror
                {
                    public (IntPtr, IntPtr) Copies(Socket socket)
                    {
                        [|DuplicateHandle(GetCurrentProcess(), socket.Handle, GetCurrentProcess(), out IntPtr first, 0, false, DUPLICATE_SAME_ACCESS)|];
                        [|DuplicateHandle(GetCurrentProcess(), socket.Handle, GetCurrentProcess(), out IntPtr second, 0, false, DUPLICATE_SAME_ACCESS)|];
                        return (first, second);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Mirror
                {
                    public (IntPtr, IntPtr) Copies(Socket socket)
                    {
                        WSADuplicateSocketW(socket.Handle, Environment.ProcessId, out var firstInfo);
                        IntPtr first = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref firstInfo, 0, 1);
                        WSADuplicateSocketW(socket.Handle, Environment.ProcessId, out var secondInfo);
                        IntPtr second = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref secondInfo, 0, 1);
                        return (first, second);
                    }
                }
                """,
            CodeActionEquivalenceKey = UseWinsock,
        }.RunAsync();

    [Fact]
    public Task NoFix_ForAnotherProcess_CloseSource_CheckedResult_OrDiscardedCopy() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Spawner
                {
                    public IntPtr Share(IntPtr s, IntPtr child)
                    {
                        closesocket(s);
                        [|DuplicateHandle(GetCurrentProcess(), s, child, out var forChild, 0, false, DUPLICATE_SAME_ACCESS)|];
                        [|DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out var moved, 0, false, DUPLICATE_SAME_ACCESS | 1)|];
                        if (![|DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out var checkedCopy, 0, false, DUPLICATE_SAME_ACCESS)|])
                            throw new InvalidOperationException();
                        [|DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out _, 0, false, DUPLICATE_SAME_ACCESS)|];
                        return forChild + moved + checkedCopy;
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task NoFix_WhenTheBindingsDoNotFit() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                sealed unsafe class Spawner
                {
                    public HANDLE Share(SOCKET socket, HANDLE self)
                    {
                        HANDLE copy;
                        [|PInvoke.DuplicateHandle(self, new HANDLE((nint)socket.Value), self, &copy, 0, false, 2)|];
                        return copy;
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
            ExpectNoFix = true,
        }.RunAsync();
}
