using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.DuplicateHandleOnSocketAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK008 must not flag: DuplicateHandle on event, process, file and unknown handles.</summary>
public sealed class DuplicateHandleOnSocketAnalyzerValidTests
{
    [Fact]
    public Task EventObjectOfARegistration() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Notifier
            {
                public IntPtr ShareEvent(IntPtr socket, IntPtr worker)
                {
                    var readable = WSACreateEvent();
                    WSAEventSelect(socket, readable, FD_READ | FD_CLOSE);
                    DuplicateHandle(GetCurrentProcess(), readable, worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS);
                    return copy;
                }
            }
            """);

    [Fact]
    public Task Kernel32EventAndProcessHandles() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Supervisor
            {
                public (IntPtr, IntPtr) Share(int workerId)
                {
                    var stop = CreateEventW(IntPtr.Zero, true, false, null);
                    var worker = OpenProcess(0x0040, false, workerId);
                    DuplicateHandle(GetCurrentProcess(), stop, worker, out var stopCopy, 0, false, DUPLICATE_SAME_ACCESS);
                    DuplicateHandle(GetCurrentProcess(), worker, GetCurrentProcess(), out var workerCopy, 0, false, DUPLICATE_SAME_ACCESS);
                    return (stopCopy, workerCopy);
                }
            }
            """);

    [Fact]
    public Task FileAndWaitHandles() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using static NativeMethods;

            sealed class Sharing
            {
                public (IntPtr, IntPtr) Share(FileStream log, Mutex gate, IntPtr worker)
                {
                    var file = log.SafeFileHandle.DangerousGetHandle();
                    DuplicateHandle(GetCurrentProcess(), file, worker, out var fileCopy, 0, false, DUPLICATE_SAME_ACCESS);
                    DuplicateHandle(GetCurrentProcess(), gate.SafeWaitHandle.DangerousGetHandle(), worker, out var gateCopy, 0, false, DUPLICATE_SAME_ACCESS);
                    return (fileCopy, gateCopy);
                }
            }
            """);

    [Fact]
    public Task UnknownHandleNeverUsedAsASocket() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Broker
            {
                private IntPtr pipe;

                public void Attach(IntPtr handle) => pipe = handle;

                public IntPtr Share(IntPtr anything, IntPtr worker)
                {
                    DuplicateHandle(GetCurrentProcess(), anything, worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS);
                    DuplicateHandle(GetCurrentProcess(), pipe, worker, out var pipeCopy, 0, false, DUPLICATE_SAME_ACCESS);
                    return copy;
                }
            }
            """);

    [Fact]
    public Task SocketDuplicatedTheSupportedWay() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Prefork
            {
                public WSAPROTOCOL_INFOW Share(IntPtr listener, int workerId, IntPtr stopEvent, IntPtr worker)
                {
                    WSADuplicateSocketW(listener, workerId, out var info);
                    DuplicateHandle(GetCurrentProcess(), stopEvent, worker, out _, 0, false, DUPLICATE_SAME_ACCESS);
                    return info;
                }
            }
            """);

    [Fact]
    public Task ParameterOfAnotherMethodWasTheSocket() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Tools
            {
                public void Close(IntPtr s) => closesocket(s);

                public IntPtr Copy(IntPtr s, IntPtr worker)
                {
                    DuplicateHandle(GetCurrentProcess(), s, worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS);
                    return copy;
                }
            }
            """);

    [Fact]
    public Task SocketBesideTheDuplicatedHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Job
            {
                public IntPtr Start(Socket connection, IntPtr jobObject, IntPtr worker)
                {
                    connection.NoDelay = true;
                    WSAEventSelect(connection.Handle, IntPtr.Zero, 0);
                    DuplicateHandle(GetCurrentProcess(), jobObject, worker, out var copy, 0, false, DUPLICATE_SAME_ACCESS);
                    return copy;
                }
            }
            """);

    [Fact]
    public Task NullAndPseudoHandles() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Probe
            {
                public void Run(IntPtr worker)
                {
                    DuplicateHandle(GetCurrentProcess(), IntPtr.Zero, worker, out _, 0, false, DUPLICATE_SAME_ACCESS);
                    DuplicateHandle(GetCurrentProcess(), new IntPtr(-2), worker, out _, 0, false, DUPLICATE_SAME_ACCESS);
                    DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), worker, out _, 0, false, DUPLICATE_SAME_ACCESS);
                }
            }
            """);

    [Fact]
    public Task CsWin32_EventHandle() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                sealed unsafe class Notifier
                {
                    public HANDLE Share(SOCKET socket, HANDLE self, HANDLE child)
                    {
                        var signal = PInvoke.WSACreateEvent();
                        PInvoke.WSAEventSelect(socket, signal, PInvoke.FD_READ);
                        HANDLE copy;
                        PInvoke.DuplicateHandle(self, signal, child, &copy, 0, false, 2);
                        return copy;
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task VanaraKernel32_ProcessHandle() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Diagnostics;
                using Vanara.PInvoke;

                sealed class Handover
                {
                    public IntPtr Share(Process child, Kernel32.HPROCESS worker)
                    {
                        Kernel32.DuplicateHandle(Kernel32.GetCurrentProcess(), child.Handle, worker, out var copy, 0, false, Kernel32.DUPLICATE_HANDLE_OPTIONS.DUPLICATE_SAME_ACCESS);
                        return copy;
                    }
                }
                """,
            Interop = DuplicateHandleOnSocketAnalyzerTests.VanaraKernel32,
        }.RunAsync();
}
