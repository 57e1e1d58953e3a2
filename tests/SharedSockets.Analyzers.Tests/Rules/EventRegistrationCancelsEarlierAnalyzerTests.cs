using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Tests.Interop;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.EventRegistrationCancelsEarlierAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK001 must flag: a later registration with another target cancels the earlier one.</summary>
public sealed class EventRegistrationCancelsEarlierAnalyzerTests
{
    [Fact]
    public Task SameVariable_TwoEventObjects_ReportsLaterWithEarlierAsAdditionalLocation() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Start(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
                {
                    {|#0:WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE)|};
                    {|#1:WSAEventSelect(socket, writeEvent, FD_WRITE)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSAEventSelect(socket, writeEvent, FD_WRITE)' cancels the event registration 'WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE)' at line 8: a socket keeps only its latest registration, whichever descriptor made it"));

    [Fact]
    public Task LocalAlias_NamesBothDescriptors() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Connection
            {
                void Start(IntPtr socket)
                {
                    IntPtr readEvent = WSACreateEvent(), writeEvent = WSACreateEvent();
                    var writerSide = socket;
                    {|#0:WSAEventSelect(socket, readEvent, FD_READ)|};
                    {|#1:WSAEventSelect(writerSide, writeEvent, FD_WRITE)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSAEventSelect(writerSide, writeEvent, FD_WRITE)' cancels the event registration 'WSAEventSelect(socket, readEvent, FD_READ)' at line 10 ('writerSide' and 'socket' denote one socket): a socket keeps only its latest registration, whichever descriptor made it"));

    [Fact]
    public Task FieldRegisteredInTwoMethodsOfTheType() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Server
            {
                private readonly IntPtr socket;
                private readonly IntPtr readEvent = WSACreateEvent();
                private readonly IntPtr writeEvent = WSACreateEvent();

                public Server(IntPtr accepted) => socket = accepted;

                public void StartReader() => {|#0:WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE)|};

                public void StartWriter() => {|#1:WSAEventSelect(socket, writeEvent, FD_WRITE)|};
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSAEventSelect(socket, writeEvent, FD_WRITE)' cancels the event registration 'WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE)' at line 12: a socket keeps only its latest registration, whichever descriptor made it"));

    [Fact]
    public Task InProcessDuplicateDescriptor_IsTheSameSocket() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Pool
            {
                void Share(IntPtr listener, IntPtr acceptEvent, IntPtr workerEvent)
                {
                    WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                    IntPtr duplicate = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);

                    WSAEventSelect(listener, acceptEvent, FD_ACCEPT);
                    [|WSAEventSelect(duplicate, workerEvent, FD_ACCEPT)|];
                }
            }
            """);

    [Fact]
    public Task TwoThreadBodies_OnOneCapturedSocket() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading;
            using static NativeMethods;

            class Roles
            {
                void Run(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
                {
                    var reader = new Thread(() => WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE));
                    var writer = new Thread(() => [|WSAEventSelect(socket, writeEvent, FD_WRITE)|]);
                    reader.Start();
                    writer.Start();
                }
            }
            """);

    [Fact]
    public Task LocalFunctions_OnOneCapturedSocket() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;
            using static NativeMethods;

            class Roles
            {
                async Task RunAsync(IntPtr socket)
                {
                    IntPtr readEvent = WSACreateEvent();
                    IntPtr writeEvent = WSACreateEvent();
                    await Task.WhenAll(Task.Run(Reader), Task.Run(Writer));

                    void Reader() => WSAEventSelect(socket, readEvent, FD_READ);
                    void Writer() => [|WSAEventSelect(socket, writeEvent, FD_WRITE)|];
                }
            }
            """);

    [Fact]
    public Task ProjectWrapperForwardingItsParameters() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            static class Notifications
            {
                public static void Watch(IntPtr socket, IntPtr signal, int events)
                {
                    if (WSAEventSelect(socket, signal, events) != 0)
                        throw new InvalidOperationException("WSAEventSelect failed");
                }
            }

            class Client
            {
                void Connect(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
                {
                    {|#0:Notifications.Watch(socket, readEvent, FD_READ)|};
                    {|#1:Notifications.Watch(socket, writeEvent, FD_WRITE)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'Notifications.Watch(socket, writeEvent, FD_WRITE)' cancels the event registration 'Notifications.Watch(socket, readEvent, FD_READ)' at line 17: a socket keeps only its latest registration, whichever descriptor made it"));

    [Fact]
    public Task WrapperCalledFromAFileThatNamesNoSocketApi() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Notifications.cs", """
                        using System;

                        static class Notifications
                        {
                            public static int Watch(IntPtr handle, IntPtr signal, int events) => NativeMethods.WSAEventSelect(handle, signal, events);
                        }
                        """),
                    ("Pump.cs", """
                        using System;

                        class Pump
                        {
                            void Start(IntPtr h, IntPtr first, IntPtr second)
                            {
                                Notifications.Watch(h, first, 1);
                                [|Notifications.Watch(h, second, 2)|];
                            }
                        }
                        """),
                },
            },
        }.RunAsync();

    [Fact]
    public Task EventSelectThenAsyncSelect_Mixed() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Ui
            {
                void Attach(IntPtr socket, IntPtr readEvent, IntPtr window)
                {
                    WSAEventSelect(socket, readEvent, FD_READ);
                    [|WSAAsyncSelect(socket, window, WM_USER + 1, FD_WRITE | FD_CLOSE)|];
                }
            }
            """);

    [Fact]
    public Task AsyncSelect_SameWindowOtherMessage() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Ui
            {
                const uint WM_SOCKET_READ = WM_USER + 1;
                const uint WM_SOCKET_WRITE = WM_USER + 2;

                void Attach(IntPtr socket, IntPtr window)
                {
                    WSAAsyncSelect(socket, window, WM_SOCKET_READ, FD_READ);
                    [|WSAAsyncSelect(socket, window, WM_SOCKET_WRITE, FD_WRITE)|];
                }
            }
            """);

    [Fact]
    public Task AsyncSelectThenEventSelect_ThroughRenamedEntryPoints() =>
        new Verify.Test
        {
            TestCode = """
                class Ui
                {
                    void Attach(nint socket, nint window, nint writeEvent)
                    {
                        Sys.SelectWindow(socket, window, 0x0401, 1);
                        [|Sys.Select(socket, writeEvent, 2)|];
                    }
                }
                """,
            Interop = InteropSources.RenamedDllImport,
        }.RunAsync();

    [Fact]
    public Task SocketObjectOverAnotherSocketsHandle() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            class Adopted
            {
                void Attach(Socket original, IntPtr readEvent, IntPtr writeEvent)
                {
                    var view = new Socket(new SafeSocketHandle(original.Handle, ownsHandle: false));
                    WSAEventSelect(original.Handle, readEvent, FD_READ);
                    [|WSAEventSelect(view.Handle, writeEvent, FD_WRITE)|];
                }
            }
            """);

    [Fact]
    public Task FieldsAliasingOneSocketAcrossMethods() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class Session
            {
                private readonly Socket main;
                private readonly Socket writerView;
                private readonly IntPtr readEvent = WSACreateEvent();
                private readonly IntPtr writeEvent = WSACreateEvent();

                public Session(Socket socket)
                {
                    main = socket;
                    writerView = new Socket(new SafeSocketHandle(main.Handle, false));
                }

                public void ListenForData() => WSAEventSelect(main.Handle, readEvent, FD_READ);

                public void ListenForSpace() => [|WSAEventSelect(writerView.Handle, writeEvent, FD_WRITE)|];
            }
            """);

    [Fact]
    public Task ThreeRegistrations_EachCancelsItsPredecessor() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            class Roles
            {
                void Run(IntPtr s, IntPtr a, IntPtr b, IntPtr c)
                {
                    {|#0:WSAEventSelect(s, a, FD_READ)|};
                    {|#1:WSAEventSelect(s, b, FD_WRITE)|};
                    {|#2:WSAEventSelect(s, c, FD_CLOSE)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'WSAEventSelect(s, b, FD_WRITE)' cancels the event registration 'WSAEventSelect(s, a, FD_READ)' at line 8: a socket keeps only its latest registration, whichever descriptor made it"),
            Verify.Diagnostic()
                .WithLocation(2)
                .WithLocation(1)
                .WithMessage("'WSAEventSelect(s, c, FD_CLOSE)' cancels the event registration 'WSAEventSelect(s, b, FD_WRITE)' at line 9: a socket keeps only its latest registration, whichever descriptor made it"));

    [Fact]
    public Task LibraryImportBindings() =>
        new Verify.Test
        {
            TestCode = """
                class Roles
                {
                    void Run(nint s, nint readEvent, nint window)
                    {
                        Ws2.WSAEventSelect(s, readEvent, 1);
                        [|Ws2.AsyncSelect(s, window, 0x0401, 2)|];
                    }
                }
                """,
            Interop = InteropSources.LibraryImport,
            RunLibraryImportGenerator = true,
        }.RunAsync();

    [Fact]
    public Task CsWin32StyleBindings_WithSocketStruct() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                class Roles
                {
                    void Run(nuint raw)
                    {
                        var socket = new SOCKET(raw);
                        HANDLE readEvent = PInvoke.WSACreateEvent();
                        HANDLE writeEvent = PInvoke.WSACreateEvent();
                        PInvoke.WSAEventSelect(socket, readEvent, PInvoke.FD_READ);
                        [|PInvoke.WSAEventSelect(new SOCKET(raw), writeEvent, PInvoke.FD_WRITE)|];
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task CsWin32StyleBindings_InProcessDuplicateThroughAPointer() =>
        new Verify.Test
        {
            TestCode = """
                using Windows.Win32;
                using Windows.Win32.Foundation;
                using Windows.Win32.Networking.WinSock;

                class Roles
                {
                    unsafe void Run(SOCKET listener, uint processId)
                    {
                        WSAPROTOCOL_INFOW info;
                        PInvoke.WSADuplicateSocketW(listener, processId, &info);
                        SOCKET worker = PInvoke.WSASocketW(2, 1, 6, &info, 0, 0);
                        PInvoke.WSAEventSelect(listener, PInvoke.WSACreateEvent(), PInvoke.FD_READ);
                        [|PInvoke.WSAEventSelect(worker, PInvoke.WSACreateEvent(), PInvoke.FD_READ)|];
                    }
                }
                """,
            Interop = InteropSources.CsWin32,
        }.RunAsync();

    [Fact]
    public Task VanaraStyleBindings() =>
        new Verify.Test
        {
            TestCode = """
                using Vanara.PInvoke;
                using static Vanara.PInvoke.Ws2_32;

                class Roles
                {
                    void Run(SOCKET socket, SafeWSAEVENT readEvent, SafeWSAEVENT writeEvent)
                    {
                        Ws2_32.WSAEventSelect(socket, readEvent, FD.FD_READ | FD.FD_CLOSE);
                        [|Ws2_32.WSAEventSelect(socket, writeEvent, FD.FD_WRITE)|];
                    }
                }
                """,
            Interop = InteropSources.Vanara,
        }.RunAsync();

    [Fact]
    public Task SafeHandleBindings_ThroughSocketSafeHandle() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;
                using Microsoft.Win32.SafeHandles;

                class Roles
                {
                    void Run(Socket socket, SafeWaitHandle readEvent, SafeWaitHandle writeEvent)
                    {
                        SafeNative.WSAEventSelect(socket.SafeHandle, readEvent, 1);
                        [|SafeNative.WSAEventSelect(socket.SafeHandle, writeEvent, 2)|];
                    }
                }
                """,
            Interop = InteropSources.SafeHandles,
        }.RunAsync();

    [Fact]
    public Task PartialClassAcrossFiles() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Server.Reader.cs", """
                        using System;
                        using static NativeMethods;

                        partial class Server
                        {
                            private IntPtr socket;
                            private readonly IntPtr readEvent = WSACreateEvent();

                            public void StartReader() => {|#0:WSAEventSelect(socket, readEvent, FD_READ)|};
                        }
                        """),
                    ("Server.Writer.cs", """
                        using System;
                        using static NativeMethods;

                        partial class Server
                        {
                            private readonly IntPtr writeEvent = WSACreateEvent();

                            public void StartWriter() => {|#1:WSAEventSelect(socket, writeEvent, FD_WRITE)|};
                        }
                        """),
                },
            },
            ExpectedDiagnostics = { Verify.Diagnostic()
                                        .WithLocation(1)
                                        .WithLocation(0)
                                        .WithMessage("'WSAEventSelect(socket, writeEvent, FD_WRITE)' cancels the event registration 'WSAEventSelect(socket, readEvent, FD_READ)' at Server.Reader.cs:9: a socket keeps only its latest registration, whichever descriptor made it") },
        }.RunAsync();

    [Fact]
    public Task TopLevelStatements() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                IntPtr socket = NativeMethods.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                WSAEventSelect(socket, WSACreateEvent(), FD_READ);
                [|WSAEventSelect(socket, WSACreateEvent(), FD_WRITE)|];
                """,
            TestState =
            {
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            },
        }.RunAsync();

    [Fact]
    public Task EditorConfigCanRaiseSeverityToError() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using static NativeMethods;

                class Roles
                {
                    void Run(IntPtr s, IntPtr a, IntPtr b)
                    {
                        {|#1:WSAEventSelect(s, a, FD_READ)|};
                        {|#0:WSAEventSelect(s, b, FD_WRITE)|};
                    }
                }
                """,
            TestState =
            {
                AnalyzerConfigFiles =
                {
                    ("/.editorconfig", "[*.cs]\n" + "dotnet_diagnostic.SOCK001.severity = error"),
                },
            },
            ExpectedDiagnostics = { Verify.Diagnostic()
                                        .WithLocation(0)
                                        .WithLocation(1)
                                        .WithSeverity(DiagnosticSeverity.Error)
                                        .WithMessage("'WSAEventSelect(s, b, FD_WRITE)' cancels the event registration 'WSAEventSelect(s, a, FD_READ)' at line 8: a socket keeps only its latest registration, whichever descriptor made it") },
        }.RunAsync();

    // Issue 11 (constructors are wrappers too): two role objects over one socket, each constructor
    // registering its own event: the second cancels the first.
    [Fact]
    public Task RoleObjectsOverOneSocket_EachConstructorRegisters() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using static NativeMethods;

            sealed class Reader
            {
                public Reader(IntPtr socket, IntPtr readable) => WSAEventSelect(socket, readable, FD_READ | FD_CLOSE);
            }

            sealed class Writer
            {
                public Writer(IntPtr socket, IntPtr writable) => WSAEventSelect(socket, writable, FD_WRITE);
            }

            sealed class Session
            {
                public void Open(IntPtr socket, IntPtr readable, IntPtr writable)
                {
                    var reader = {|#0:new Reader(socket, readable)|};
                    var writer = {|#1:new Writer(socket, writable)|};
                }
            }
            """,
            Verify.Diagnostic()
                .WithLocation(1)
                .WithLocation(0)
                .WithMessage("'new Writer(socket, writable)' cancels the event registration 'new Reader(socket, readable)' at line 18: a socket keeps only its latest registration, whichever descriptor made it"));
}
