using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

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

    private static ProjectBuilder Project(string code, string interop = InteropSources.DllImport) =>
        ProjectBuilder.Create()
            .WithAnalyzer<DuplicateHandleOnSocketAnalyzer>()
            .WithSourceCode("Interop.cs", interop)
            .WithSourceCode(code);

    [Fact]
    public Task DllImport_SocketCreatedInTheSameMethod_NamesTheCreation() =>
        Project("""
            using System;
            using static NativeMethods;

            sealed class Spawner
            {
                public IntPtr ShareWith(IntPtr child)
                {
                    var s = {|#0:socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)|};
                    [|DuplicateHandle(GetCurrentProcess(), s, child, out var copy, 0, false, 2)|];
                    return copy;
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK008",
                "'DuplicateHandle(GetCurrentProcess(), s, child, out var copy, 0, false, 2)' duplicates 's', which is a socket (created by 'socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)' at line 8): DuplicateHandle bypasses the Winsock provider's reference counting; use WSADuplicateSocket",
                Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
                "#0")
            .ValidateAsync();

    [Fact]
    public Task DllImport_FieldUsedAsASocketElsewhereInTheType() =>
        Project("""
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
                    [|DuplicateHandle(GetCurrentProcess(), handle, process, out var copy, 0, false, DUPLICATE_SAME_ACCESS)|];
                    return copy;
                }

                public void Dispose() => closesocket(handle);
            }
            """)
            .ShouldReportDiagnostic("SOCK008", additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task DllImport_AcceptedClient() =>
        Project("""
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
            """)
            .ShouldReportDiagnostic("SOCK008")
            .ValidateAsync();

    [Fact]
    public Task Managed_SocketHandle_NamesTheParameter() =>
        Project("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Broker
            {
                public IntPtr Share(Socket {|#0:socket|}, IntPtr worker)
                {
                    [|DuplicateHandle(GetCurrentProcess(), socket.Handle, worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS)|];
                    return copy;
                }
            }
            """)
            .ShouldReportDiagnostic(
                "SOCK008",
                "'DuplicateHandle(GetCurrentProcess(), socket.Handle, worker, out var copy, 0, fa…' duplicates 'socket.Handle', which is a socket ('socket' is a Socket): DuplicateHandle bypasses the Winsock provider's reference counting; use WSADuplicateSocket",
                additionalLocationMarkers: "#0")
            .ValidateAsync();

    [Fact]
    public Task Managed_SafeSocketHandleDangerousGetHandle() =>
        Project("""
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
            """)
            .ShouldReportDiagnostic("SOCK008")
            .ShouldReportDiagnostic("SOCK008")
            .ValidateAsync();

    [Fact]
    public Task LibraryImport_DescriptorConfiguredInTheType() =>
        Project("""
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
            """, InteropSources.LibraryImport)
            .WithLibraryImportGenerator()
            .ShouldReportDiagnostic("SOCK008")
            .ValidateAsync();

    [Fact]
    public Task CsWin32_HandleStructAroundASocketStruct() =>
        Project("""
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
            """, InteropSources.CsWin32)
            .ShouldReportDiagnostic("SOCK008")
            .ValidateAsync();

    [Fact]
    public Task VanaraKernel32_TcpListenerServerHandle() =>
        Project("""
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
            """, VanaraKernel32)
            .ShouldReportDiagnostic("SOCK008")
            .ValidateAsync();

    [Fact]
    public Task ProjectWrapperAroundDuplicateHandle() =>
        Project("""
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
            """)
            .ShouldReportDiagnostic("SOCK008")
            .ValidateAsync();

    [Fact]
    public Task InProcessDuplicateDescriptor_IsStillASocket() =>
        Project("""
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
            """)
            .ShouldReportDiagnostic("SOCK008")
            .ValidateAsync();

    [Fact]
    public Task HandleAdoptedAsASafeSocketHandle() =>
        Project("""
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
            """)
            .ShouldReportDiagnostic("SOCK008")
            .ValidateAsync();
}
