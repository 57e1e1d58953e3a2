using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.DuplicateHandleOnSocketAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK008 must flag: kernel32 DuplicateHandle applied to a value the model knows is a socket.</summary>
public sealed class DuplicateHandleOnSocketAnalyzerTests
{
    /// <summary>Vanara-style kernel32 bindings (HPROCESS handle struct, options enum, Lib constants).</summary>
    internal const string VanaraKernel32 = """
        namespace Vanara.PInvoke
        {
            using System;
            using System.Runtime.InteropServices;

            public static class Lib
            {
                public const string Kernel32 = "kernel32.dll";
            }

            public static partial class Kernel32
            {
                [Flags]
                public enum DUPLICATE_HANDLE_OPTIONS : uint { DUPLICATE_CLOSE_SOURCE = 1, DUPLICATE_SAME_ACCESS = 2 }

                public struct HPROCESS
                {
                    private readonly IntPtr handle;
                    public HPROCESS(IntPtr preexistingHandle) => handle = preexistingHandle;
                }

                [DllImport(Lib.Kernel32, SetLastError = false, ExactSpelling = true)]
                public static extern HPROCESS GetCurrentProcess();

                [DllImport(Lib.Kernel32, SetLastError = true, ExactSpelling = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool DuplicateHandle(HPROCESS hSourceProcessHandle, IntPtr hSourceHandle, HPROCESS hTargetProcessHandle, out IntPtr lpTargetHandle, uint dwDesiredAccess, [MarshalAs(UnmanagedType.Bool)] bool bInheritHandle, DUPLICATE_HANDLE_OPTIONS dwOptions);
            }
        }
        """;

    [Fact]
    public Task DllImport_SocketCreatedInTheSameMethod_NamesTheCreation() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Spawner
            {
                public IntPtr ShareWith(IntPtr child)
                {
                    var s = {|#0:socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)|};
                    {|#1:DuplicateHandle(GetCurrentProcess(), s, child, out var copy, 0, false, 2)|};
                    return copy;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'DuplicateHandle(GetCurrentProcess(), s, child, out var copy, 0, false, 2)' duplicates 's', which is a socket (created by 'socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)' at line 8): DuplicateHandle bypasses the Winsock provider's reference counting; use WSADuplicateSocket"));

    [Fact]
    public Task DllImport_FieldUsedAsASocketElsewhereInTheType() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Listener : IDisposable
            {
                private readonly IntPtr handle;
                private readonly IntPtr acceptEvent = WSACreateEvent();

                public Listener(IntPtr inherited) => handle = inherited;

                public void Arm() => {|#0:WSAEventSelect(handle, acceptEvent, FD_ACCEPT)|};

                public IntPtr CopyFor(IntPtr process)
                {
                    {|#1:DuplicateHandle(GetCurrentProcess(), handle, process, out var copy, 0, false, DUPLICATE_SAME_ACCESS)|};
                    return copy;
                }

                public void Dispose() => closesocket(handle);
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'DuplicateHandle(GetCurrentProcess(), handle, process, out var copy, 0, false, D…' duplicates 'handle', which is a socket (used as a socket by 'WSAEventSelect(handle, acceptEvent, FD_ACCEPT)' at line 11): DuplicateHandle bypasses the Winsock provider's reference counting; use WSADuplicateSocket"));

    [Fact]
    public Task DllImport_AcceptedClient() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Prefork
            {
                public void Serve(IntPtr listener, IntPtr worker)
                {
                    while (true)
                    {
                        var client = accept(listener, IntPtr.Zero, IntPtr.Zero);
                        [|DuplicateHandle(GetCurrentProcess(), client, worker, out _, 0, false, DUPLICATE_SAME_ACCESS | 1)|];
                    }
                }
            }
            """);

    [Fact]
    public Task Managed_SocketHandle_NamesTheParameter() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Broker
            {
                public IntPtr Share(Socket {|#0:socket|}, IntPtr worker)
                {
                    {|#1:DuplicateHandle(GetCurrentProcess(), socket.Handle, worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS)|};
                    return copy;
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'DuplicateHandle(GetCurrentProcess(), socket.Handle, worker, out var copy, 0, fa…' duplicates 'socket.Handle', which is a socket ('socket' is a Socket): DuplicateHandle bypasses the Winsock provider's reference counting; use WSADuplicateSocket"));

    [Fact]
    public Task Managed_SafeSocketHandleDangerousGetHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Broker
            {
                private readonly Socket listener = new(SocketType.Stream, ProtocolType.Tcp);

                public IntPtr Share(IntPtr worker)
                {
                    var raw = listener.SafeHandle.DangerousGetHandle();
                    [|DuplicateHandle(GetCurrentProcess(), raw, worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS)|];
                    return copy;
                }

                public IntPtr ShareWrapped(SafeSocketHandle wrapped, IntPtr worker)
                {
                    [|DuplicateHandle(GetCurrentProcess(), wrapped.DangerousGetHandle(), worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS)|];
                    return copy;
                }
            }
            """);

    [Fact]
    public Task LibraryImport_DescriptorConfiguredInTheType() =>
        new Verify.Test
        {
            TestCode = """
                sealed class Acceptor
                {
                    private int size = 65536;

                    public nint Tune(nint s)
                    {
                        Ws2.setsockopt(s, 0xffff, 0x1002, ref size, 4);
                        [|Ws2.DuplicateHandle(-1, s, -1, out var copy, 0, false, 2)|];
                        return copy;
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();

    [Fact]
    public Task CsWin32_HandleStructAroundASocketStruct() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                sealed unsafe class Spawner
                {
                    public HANDLE Share(SOCKET socket, HANDLE self, HANDLE child)
                    {
                        HANDLE copy;
                        [|PInvoke.DuplicateHandle(self, new HANDLE((nint)socket.Value), child, &copy, 0, false, 2)|];
                        return copy;
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task VanaraKernel32_TcpListenerServerHandle() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using Vanara.PInvoke;

                sealed class Handover
                {
                    public IntPtr Share(TcpListener listener, Kernel32.HPROCESS worker)
                    {
                        [|Kernel32.DuplicateHandle(Kernel32.GetCurrentProcess(), listener.Server.Handle, worker, out var copy, 0, false, Kernel32.DUPLICATE_HANDLE_OPTIONS.DUPLICATE_SAME_ACCESS)|];
                        return copy;
                    }
                }
                """,
            Interop = VanaraKernel32,
        }.RunAsync();

    [Fact]
    public Task ProjectWrapperAroundDuplicateHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            static class Handles
            {
                public static IntPtr Copy(IntPtr handle)
                {
                    if (!DuplicateHandle(GetCurrentProcess(), handle, GetCurrentProcess(), out var copy, 0, false, DUPLICATE_SAME_ACCESS))
                        throw new InvalidOperationException("DuplicateHandle failed");
                    return copy;
                }
            }

            sealed class Server
            {
                private readonly IntPtr listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

                public IntPtr Backup() => [|Handles.Copy(listener)|];
            }
            """);

    [Fact]
    public Task InProcessDuplicateDescriptor_IsStillASocket() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Split
            {
                public IntPtr Run(IntPtr listener, IntPtr worker)
                {
                    WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                    var local = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                    [|DuplicateHandle(GetCurrentProcess(), local, worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS)|];
                    return copy;
                }
            }
            """);

    [Fact]
    public Task HandleAdoptedAsASafeSocketHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Adopter
            {
                public Socket Adopt(IntPtr inherited, IntPtr worker)
                {
                    var socket = new Socket(new SafeSocketHandle(inherited, ownsHandle: true));
                    [|DuplicateHandle(GetCurrentProcess(), inherited, worker, out _, 0, false, DUPLICATE_SAME_ACCESS)|];
                    return socket;
                }
            }
            """);
}
