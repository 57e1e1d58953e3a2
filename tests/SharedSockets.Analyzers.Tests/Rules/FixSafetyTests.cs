using SharedSockets.CodeFixes.Fixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify001 = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.EventRegistrationCancelsEarlierAnalyzer,
    SharedSockets.CodeFixes.Fixes.EventRegistrationCancelsEarlierFixProvider>;
using Verify002 = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.DuplicatedToProcessesExpectingEventsAnalyzer,
    SharedSockets.CodeFixes.Fixes.DuplicatedToProcessesExpectingEventsFixProvider>;
using Verify004 = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.BlockingModeOnSharedSocketAnalyzer,
    SharedSockets.CodeFixes.Fixes.ClearRegistrationBeforeBlockingFixProvider>;
using Verify005 = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.ShutdownOfSharedSocketAnalyzer,
    SharedSockets.CodeFixes.Fixes.ShutdownOfSharedSocketFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>
/// The safety policy's second rule on every fix that closes, shuts down or clears: never while the same
/// code still uses the descriptor or waits on its registration's event afterwards (SOCK006's first rule:
/// <see cref="UseAfterDuplicateAndCloseFixSafetyTests"/>). And inserted statements get their own line,
/// indentation and no copied comment.
/// </summary>
public sealed class FixSafetyTests
{
    [Fact]
    public Task Sock002_SourceWaitsOnItsEventAfterDuplicating_NoCloseAndNoClear() =>
        new Verify002.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Gateway
                {
                    public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
                    {
                        WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);
                        [|WSADuplicateSocketW(listener, backupPid, out var info)|];
                        Wait(acceptEvent);
                        return info;
                    }

                    private static void Wait(IntPtr handle) { }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task Sock002_Close_TrailingCommentStaysOnItsLine_InsideARegion() =>
        new Verify002.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Gateway
                {
                    public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
                    {
                        #region hand-off
                        WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);

                        [|WSADuplicateSocketW(listener, backupPid, out var info)|]; // for the backup
                        #endregion

                        return info;
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Gateway
                {
                    public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
                    {
                        #region hand-off
                        WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);

                        WSADuplicateSocketW(listener, backupPid, out var info); // for the backup
                        closesocket(listener);
                        #endregion

                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = DuplicatedToProcessesExpectingEventsFixProvider.CloseAfterHandOffKey,
        }.RunAsync();

    [Fact]
    public Task Sock004_CodeWaitsOnTheEventAfterTheModeChange_NoClear() =>
        new Verify004.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public void Drain(IntPtr socket, IntPtr readEvent)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;
                        [|ioctlsocket(socket, FIONBIO, ref blocking)|];
                        Wait(readEvent);
                    }

                    private static void Wait(IntPtr handle) { }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task Sock004_Clear_TrailingCommentStaysOnTheModeChange_BlankLineAndCommentAboveBoth() =>
        new Verify004.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public void Drain(IntPtr socket, IntPtr readEvent)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;

                        // back to blocking reads
                        [|ioctlsocket(socket, FIONBIO, ref blocking)|]; // fails while registered
                        recv(socket, new byte[64], 64, 0);
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public void Drain(IntPtr socket, IntPtr readEvent)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;

                        // back to blocking reads
                        WSAEventSelect(socket, IntPtr.Zero, 0);
                        ioctlsocket(socket, FIONBIO, ref blocking); // fails while registered
                        recv(socket, new byte[64], 64, 0);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearRegistrationBeforeBlockingFixProvider.ClearRegistrationKey,
        }.RunAsync();

    [Fact]
    public Task Sock004_RegisteringTheSameSocketWithTheEventAgain_IsNoWait() =>
        new Verify004.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public void ReadTrailer(IntPtr socket, IntPtr readEvent, byte[] trailer)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;
                        [|ioctlsocket(socket, FIONBIO, ref blocking)|];
                        recv(socket, trailer, trailer.Length, 0);
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                    }
                }
                """,
            FixedCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public void ReadTrailer(IntPtr socket, IntPtr readEvent, byte[] trailer)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;
                        WSAEventSelect(socket, IntPtr.Zero, 0);
                        ioctlsocket(socket, FIONBIO, ref blocking);
                        recv(socket, trailer, trailer.Length, 0);
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                    }
                }
                """,
            CodeActionEquivalenceKey = ClearRegistrationBeforeBlockingFixProvider.ClearRegistrationKey,
        }.RunAsync();

    [Fact]
    public Task Sock004_WaitOnTheEventAfterRegisteringItAgain_NoClear() =>
        new Verify004.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public void ReadTrailer(IntPtr socket, IntPtr readEvent, byte[] trailer)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;
                        [|ioctlsocket(socket, FIONBIO, ref blocking)|];
                        recv(socket, trailer, trailer.Length, 0);
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        Wait(readEvent);
                    }

                    private static void Wait(IntPtr handle) { }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task Sock004_EventHandedToAHelperThatRegistersIt_NoClear() =>
        new Verify004.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Reader
                {
                    public void ReadTrailer(IntPtr socket, IntPtr readEvent, byte[] trailer)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        uint blocking = 0;
                        [|ioctlsocket(socket, FIONBIO, ref blocking)|];
                        recv(socket, trailer, trailer.Length, 0);
                        Watch(socket, readEvent);
                    }

                    private static void Watch(IntPtr socket, IntPtr handle) => WSAEventSelect(socket, handle, FD_READ);
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task Sock005_HalfCloseThenRead_NoFix() =>
        new Verify005.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class HandOff
                {
                    public WSAPROTOCOL_INFOW Give(IntPtr connection, int pid, byte[] buffer)
                    {
                        WSADuplicateSocketW(connection, pid, out var info);
                        [|shutdown(connection, SD_SEND)|];
                        recv(connection, buffer, buffer.Length, 0);
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task Sock005_ShutdownThenReadThenClose_NoRemoval() =>
        new Verify005.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class HandOff
                {
                    public WSAPROTOCOL_INFOW Give(IntPtr connection, int pid, byte[] buffer)
                    {
                        WSADuplicateSocketW(connection, pid, out var info);
                        [|shutdown(connection, SD_SEND)|];
                        recv(connection, buffer, buffer.Length, 0);
                        closesocket(connection);
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task Sock001_CombinedMask_NotOfferedWhileTheLaterTargetIsWaitedOn() =>
        new Verify001.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Connection
                {
                    public void Start(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
                    {
                        WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                        [|WSAEventSelect(socket, writeEvent, FD_WRITE)|];
                        Wait(writeEvent);
                    }

                    private static void Wait(IntPtr handle) { }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task Sock001_CombinedMask_AcrossTheFilesOfAPartialClass() =>
        new Verify001.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Reader.cs", """
                        using System;
                        using static NativeMethods;

                        partial class Server
                        {
                            private IntPtr socket;
                            private readonly IntPtr readEvent = WSACreateEvent();
                            public void StartReader() => WSAEventSelect(socket, readEvent, FD_READ);
                        }
                        """),
                    ("Writer.cs", """
                        using System;
                        using static NativeMethods;

                        partial class Server
                        {
                            private readonly IntPtr writeEvent = WSACreateEvent();
                            public void StartWriter() => [|WSAEventSelect(socket, writeEvent, FD_WRITE)|];
                        }
                        """),
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("Reader.cs", """
                        using System;
                        using static NativeMethods;

                        partial class Server
                        {
                            private IntPtr socket;
                            private readonly IntPtr readEvent = WSACreateEvent();
                            public void StartReader() => WSAEventSelect(socket, readEvent, FD_READ);
                        }
                        """),
                    ("Writer.cs", """
                        using System;
                        using static NativeMethods;

                        partial class Server
                        {
                            private readonly IntPtr writeEvent = WSACreateEvent();
                            public void StartWriter() => WSAEventSelect(socket, readEvent, FD_READ | FD_WRITE);
                        }
                        """),
                },
            },
            CodeActionEquivalenceKey = EventRegistrationCancelsEarlierFixProvider.CombineMaskKey,

            // Registrations in two files of one type are found when the whole type is analysed.
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        }.RunAsync();

    [Fact]
    public Task Sock001_CombinedMask_NotCopiedOntoALocalOfTheSameNameElsewhere() =>
        new Verify001.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                sealed class Roles
                {
                    private IntPtr socket;

                    public void StartReader()
                    {
                        var target = WSACreateEvent();
                        WSAEventSelect(socket, target, FD_READ);
                    }

                    public void StartWriter()
                    {
                        var target = WSACreateEvent();
                        [|WSAEventSelect(socket, target, FD_WRITE)|];
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();
}
