using Microsoft.CodeAnalysis;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// Socket code in every shape the language allows (recursion, partial types, preprocessor blocks,
/// records, default interface methods, unsafe code, cycles between fields, iterators, ...). The model
/// follows values across methods and into wrappers, so cycles and odd containers are where it could
/// loop or throw.
/// </summary>
public sealed class LanguageShapeTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Sockets;
        using System.Threading.Tasks;
        using Microsoft.Win32.SafeHandles;
        using static NativeMethods;

        """;

    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>
    {
        ["RecursiveWrapper"] = """
            static class Wrappers
            {
                static readonly IntPtr e1 = WSACreateEvent(), e2 = WSACreateEvent();
                public static int Watch(IntPtr s, IntPtr e, int depth) => depth == 0 ? WSAEventSelect(s, e, FD_READ) : Watch(s, e, depth - 1);
                public static void Use(IntPtr s) { Watch(s, e1, 3); Watch(s, e2, 1); }
            }
            """,
        ["MutuallyRecursiveWrappers"] = """
            static class Wrappers
            {
                static readonly IntPtr e1 = WSACreateEvent(), e2 = WSACreateEvent();
                public static int Ping(IntPtr s, IntPtr e, int n) => n > 0 ? Pong(s, e, n - 1) : WSAEventSelect(s, e, FD_READ);
                public static int Pong(IntPtr s, IntPtr e, int n) => n > 0 ? Ping(s, e, n - 1) : setsockopt(s, SOL_SOCKET, SO_RCVBUF, ref n, 4);
                public static void Use(IntPtr s, IntPtr t) { Ping(s, e1, 2); Pong(s, e2, 3); Ping(t, e1, 0); shutdown(t, SD_BOTH); }
            }
            """,
        ["WrapperCallingItselfThroughLambdas"] = """
            static class Wrappers
            {
                static readonly IntPtr e1 = WSACreateEvent(), e2 = WSACreateEvent();
                public static int Watch(IntPtr s, IntPtr e)
                {
                    Func<int> again = () => Watch(s, e);
                    Func<IntPtr, int> viaParameter = x => Watch(x, e) + WSAEventSelect(x, e2, FD_WRITE);
                    return WSAEventSelect(s, e, FD_READ) + (s == IntPtr.Zero ? again() : viaParameter(s));
                }

                public static void Use(IntPtr s) { Watch(s, e1); Watch(s, e2); }
            }
            """,
        ["RecursiveLocalFunctions"] = """
            class Pool
            {
                IntPtr listener;
                void Start(int n)
                {
                    Arm(n);
                    int Arm(int k) => k == 0 ? WSAEventSelect(listener, WSACreateEvent(), FD_ACCEPT) : Arm(k - 1) + Rearm(k);
                    int Rearm(int k) => k % 2 == 0 ? Arm(k - 1) : shutdown(listener, SD_SEND);
                }
            }
            """,
        ["FieldCycles"] = """
            class Cycles
            {
                IntPtr a, b, c;
                static IntPtr sa = sb, sb = sa;
                IntPtr P { get => Q; set => Q = value; }
                IntPtr Q { get => P; set => P = value; }
                Socket? x, y;
                void Link() { a = b; b = c; c = a; x = y; y = x; a = a; P = Q; }
                void Use()
                {
                    WSAEventSelect(a, WSACreateEvent(), FD_READ);
                    WSAEventSelect(b, WSACreateEvent(), FD_WRITE);
                    WSAEventSelect(sa, WSACreateEvent(), FD_READ);
                    WSAEventSelect(sb, WSACreateEvent(), FD_WRITE);
                    WSAEventSelect(P, WSACreateEvent(), FD_CLOSE);
                    setsockopt(Q, SOL_SOCKET, SO_RCVBUF, ref Unsafe, 4);
                    x!.NoDelay = true; y!.NoDelay = true; x.Shutdown(SocketShutdown.Both);
                }
                static int Unsafe;
            }
            """,
        ["LocalCyclesInLoops"] = """
            class Loops
            {
                void Run(IntPtr s, IntPtr t)
                {
                    var x = s; var y = t;
                    for (var i = 0; i < 10; i++)
                    {
                        var tmp = x; x = y; y = tmp;
                        WSAEventSelect(x, WSACreateEvent(), FD_READ);
                        WSAEventSelect(y, WSACreateEvent(), FD_WRITE);
                        if (i == 5) continue;
                        uint m = 0; ioctlsocket(x, FIONBIO, ref m);
                    }
                    while (true) { WSAEventSelect(x, IntPtr.Zero, 0); if (x == y) break; x = y; }
                    do { shutdown(y, SD_BOTH); } while (false);
                    goto end;
                    end:
                    closesocket(x);
                }
            }
            """,
        ["PartialClassesAndMethods"] = """
            partial class Server
            {
                IntPtr listener;
                partial void OnStart(IntPtr s);
                partial void NoImplementation(IntPtr s);
                public partial int Extended(IntPtr s, IntPtr e);
                void Start() { OnStart(listener); NoImplementation(listener); Extended(listener, WSACreateEvent()); }
            }

            partial class Server
            {
                partial void OnStart(IntPtr s) => WSAEventSelect(s, WSACreateEvent(), FD_READ);
                public partial int Extended(IntPtr s, IntPtr e) => WSAEventSelect(s, e, FD_WRITE);
                public partial int MissingDefinition(IntPtr s) => shutdown(s, SD_BOTH);
                void Later() => WSAEventSelect(listener, WSACreateEvent(), FD_CLOSE);
            }

            partial class Server { public partial IntPtr Handle { get; } public partial IntPtr Handle => listener; }
            """,
        ["PreprocessorBlocks"] = """
            class Conditional
            {
                IntPtr s, e1 = WSACreateEvent(), e2 = WSACreateEvent();
                void Run()
                {
            #if DEBUG
                    WSAEventSelect(s, e1, FD_READ);
            #else
                    WSAEventSelect(s, e2, FD_READ);
            #endif
                    WSAEventSelect(s,
            #if TRACE
                        e1,
            #else
                        e2,
            #endif
                        FD_WRITE);
            #region registrations
                    WSAAsyncSelect(s, IntPtr.Zero, WM_USER, FD_CLOSE);
            #endregion
            #if UNTERMINATED
                    shutdown(s, SD_BOTH);
                }
            }
            """,
        ["RecordsStructsAndInterfaces"] = """
            record Connection(IntPtr Socket, IntPtr Event)
            {
                public int Arm() => WSAEventSelect(Socket, Event, FD_READ);
                public Connection Rearm(IntPtr e) => this with { Event = e };
            }

            record struct Slot(IntPtr Socket)
            {
                public readonly int Arm(IntPtr e) => WSAEventSelect(Socket, e, FD_WRITE);
                public int Close() => closesocket(Socket);
            }

            struct Holder { public IntPtr S; public void Arm() { WSAEventSelect(S, WSACreateEvent(), FD_READ); WSAEventSelect(S, WSACreateEvent(), FD_WRITE); } }

            interface ISocketOwner
            {
                IntPtr Socket { get; }
                int Arm(IntPtr e) => WSAEventSelect(Socket, e, FD_READ);
                int Rearm(IntPtr e) => WSAEventSelect(Socket, e, FD_WRITE);
                static abstract int Create();
                static virtual int Stop(IntPtr s) => shutdown(s, SD_BOTH);
            }

            class Primary(IntPtr socket, Socket managed)
            {
                int A() => WSAEventSelect(socket, WSACreateEvent(), FD_READ);
                int B() => WSAEventSelect(socket, WSACreateEvent(), FD_WRITE);
                void C() { managed.Blocking = false; var copy = new Socket(new SafeSocketHandle(managed.Handle, false)); copy.Blocking = true; copy.Shutdown(SocketShutdown.Both); }
            }
            """,
        ["UnsafeCodeAndPointers"] = """
            unsafe class Raw
            {
                IntPtr s;
                IntPtr* ps;
                delegate* unmanaged<IntPtr, IntPtr, int, int> select;
                void Run(IntPtr e)
                {
                    fixed (IntPtr* p = &s)
                    {
                        WSAEventSelect(*p, e, FD_READ);
                        WSAEventSelect(p[0], WSACreateEvent(), FD_WRITE);
                    }
                    WSAEventSelect(*ps, e, FD_READ);
                    select(s, e, FD_READ);
                    var infos = stackalloc WSAPROTOCOL_INFOW[2];
                    WSADuplicateSocketW(s, 1, out infos[0]);
                    WSASocketW(-1, -1, -1, ref infos[0], 0, 0);
                    WSASocketW(-1, -1, -1, ref *infos, 0, 0);
                    int size = 4; int* psize = &size;
                    setsockopt(s, SOL_SOCKET, SO_RCVBUF, ref *psize, sizeof(int));
                }
            }
            """,
        ["DefaultNamedParamsAndParamsArrays"] = """
            static class Wrappers
            {
                public static int Watch(IntPtr s, IntPtr e = default, int mask = FD_READ | FD_CLOSE) => WSAEventSelect(s, e, mask);
                public static void All(int mask, params IntPtr[] sockets) { foreach (var s in sockets) WSAEventSelect(s, WSACreateEvent(), mask); }
                public static int Tune(IntPtr s, int level = SOL_SOCKET, int name = SO_RCVBUF, int value = 1024) => setsockopt(s, level, name, ref value, 4);
                public static void Use(IntPtr s)
                {
                    Watch(s); Watch(s, mask: FD_WRITE); Watch(mask: FD_READ, s: s, e: WSACreateEvent()); Watch(e: WSACreateEvent(), s: s);
                    All(FD_READ, s, s, s); All(FD_WRITE); All(FD_READ, new[] { s });
                    Tune(s); Tune(name: SO_SNDBUF, s: s); Tune(s, value: 8);
                }
            }
            """,
        ["RefOutInProtocolInfos"] = """
            class Infos
            {
                WSAPROTOCOL_INFOW field;
                WSAPROTOCOL_INFOW[] array = new WSAPROTOCOL_INFOW[4];
                List<WSAPROTOCOL_INFOW> list = new();
                void Fill(IntPtr s, out WSAPROTOCOL_INFOW info) => WSADuplicateSocketW(s, 1, out info);
                IntPtr Make(ref WSAPROTOCOL_INFOW info) => WSASocketW(-1, -1, -1, ref info, 0, 0);
                IntPtr MakeIn(in WSAPROTOCOL_INFOW info) { var copy = info; return WSASocketW(-1, -1, -1, ref copy, 0, 0); }
                IntPtr MakeReadonly(ref readonly WSAPROTOCOL_INFOW info) => IntPtr.Zero;
                void Run(IntPtr s)
                {
                    Fill(s, out field); Make(ref field); Make(ref field);
                    WSADuplicateSocketW(s, 2, out array[1]); Make(ref array[1]); WSASocketW(-1, -1, -1, ref array[1], 0, 0);
                    Fill(s, out var local); MakeIn(local); MakeIn(in local); MakeReadonly(in local);
                    var copy = list[0]; WSASocketW(-1, -1, -1, ref copy, 0, 0);
                    scoped ref var r = ref field; WSASocketW(-1, -1, -1, ref r, 0, 0);
                    WSADuplicateSocketW(s, 3, out _);
                }
            }
            """,
        ["MethodsNamedLikeWinsockInUnrelatedClasses"] = """
            class Database
            {
                public int WSAEventSelect(string table, int a, int b) => 0;
                public void shutdown() { }
                public static int setsockopt(object a, object b, object c, object d, object e) => 0;
                public static int closesocket(IntPtr s) => 0;
                public static int WSADuplicateSocketW(IntPtr s, int pid, out int info) { info = 0; return 0; }
                public static int DuplicateHandle(IntPtr a, IntPtr b, IntPtr c, out IntPtr d, uint e, bool f, uint g) { d = b; return 0; }
                void Use(IntPtr s) { WSAEventSelect("t", 1, 2); WSAEventSelect("u", 3, 4); shutdown(); setsockopt(s, 1, 2, 3, 4); WSADuplicateSocketW(s, 1, out var i); DuplicateHandle(s, s, s, out _, 0, false, 0); closesocket(s); }
            }

            class Machine { public void Shutdown() { } public void Disconnect(bool reuse) { } public bool Blocking { get; set; } public int NoDelay { set { } } public object DuplicateAndClose(int pid) => pid; }

            static class SocketExtensions
            {
                public static void Shutdown(this Socket socket, string reason) { }
                public static SocketInformation DuplicateAndClose(this Socket socket) => default;
                public static void WSAEventSelect(this Socket socket, IntPtr e, int mask) { }
            }

            namespace Windows.Win32 { class PInvoke { public int WSAEventSelect() => 0; public static int shutdown() => 0; public static int setsockopt(params object[] args) => 0; } }
            namespace Vanara.PInvoke { static class Ws2_32 { public static int WSAEventSelect() => 0; public static int WSASocket(int a) => a; public static int DuplicateHandle(params object[] all) => 0; } }
            namespace Other { class Socket { public bool Blocking { get; set; } public void Shutdown(int how) { } public SocketInformation DuplicateAndClose(int pid) => default; } }

            class Users
            {
                void Run(Socket s, Machine m, Other.Socket o)
                {
                    m.Shutdown(); m.Blocking = true; m.NoDelay = 3; m.DuplicateAndClose(1); s.Shutdown("bye"); s.DuplicateAndClose(); s.WSAEventSelect(IntPtr.Zero, 1);
                    o.Blocking = false; o.Shutdown(2); o.DuplicateAndClose(3); Windows.Win32.PInvoke.shutdown(); Windows.Win32.PInvoke.setsockopt(1, 2); Vanara.PInvoke.Ws2_32.WSAEventSelect(); Vanara.PInvoke.Ws2_32.WSASocket(1); Vanara.PInvoke.Ws2_32.DuplicateHandle();
                }
            }
            """,
        ["SocketSubclassesAndWrappers"] = """
            class MySocket : Socket
            {
                public MySocket(SocketInformation info) : base(info) { }
                public MySocket(SafeSocketHandle handle) : base(handle) { }
                public new bool Blocking { get => base.Blocking; set { base.Blocking = value; } }
                public void Release() { Shutdown(SocketShutdown.Both); base.Shutdown(SocketShutdown.Send); NoDelay = true; this.Blocking = false; DuplicateAndClose(1); Blocking = true; }
            }

            class Users
            {
                void Run(Socket s, TcpClient client, TcpListener listener)
                {
                    var info = s.DuplicateAndClose(1);
                    var a = new MySocket(info); var b = new MySocket(info);
                    a.Blocking = true; b.NoDelay = false;
                    client.Client.Shutdown(SocketShutdown.Both); client.Client.NoDelay = true; client.NoDelay = true;
                    listener.Server.Blocking = false; var view = new Socket(new SafeSocketHandle(listener.Server.Handle, false)); view.Blocking = true;
                }
            }
            """,
        ["GenericsIteratorsAsyncAndQueries"] = """
            class Pool<T> where T : struct
            {
                readonly List<IntPtr> sockets = new();
                static int Watch<TSocket>(TSocket s) where TSocket : struct => 0;
                IEnumerable<int> Arm()
                {
                    foreach (var s in sockets) { yield return WSAEventSelect(s, WSACreateEvent(), FD_READ); yield return WSAEventSelect(s, WSACreateEvent(), FD_WRITE); }
                }
                async IAsyncEnumerable<int> ArmAsync()
                {
                    foreach (var s in sockets) { await Task.Yield(); yield return WSAEventSelect(s, WSACreateEvent(), FD_READ); }
                }
                async Task RunAsync(IntPtr s)
                {
                    await Task.Delay(1); WSAEventSelect(s, WSACreateEvent(), FD_READ); await Task.Yield(); WSAEventSelect(s, WSACreateEvent(), FD_WRITE);
                    var all = from x in sockets let r = WSAEventSelect(x, WSACreateEvent(), FD_CLOSE) where r == 0 select shutdown(x, SD_BOTH);
                    var sum = sockets.Select(x => WSAEventSelect(x, IntPtr.Zero, 0)).Sum();
                    Watch(s); Watch<IntPtr>(s);
                }
            }
            """,
        ["EveryMemberKind"] = """
            class Members : IDisposable
            {
                static IntPtr shared = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                IntPtr s = shared;
                int armed = WSAEventSelect(shared, WSACreateEvent(), FD_READ);
                static Members() { WSAEventSelect(shared, WSACreateEvent(), FD_WRITE); }
                Members() : this(shared) { WSAEventSelect(s, WSACreateEvent(), FD_CLOSE); }
                Members(IntPtr x) { s = x; }
                ~Members() { shutdown(s, SD_BOTH); }
                IntPtr Prop { get { WSAEventSelect(s, WSACreateEvent(), FD_READ); return s; } init { WSAEventSelect(value, WSACreateEvent(), FD_WRITE); } }
                int this[IntPtr k] { get => WSAEventSelect(k, WSACreateEvent(), FD_READ); set => WSAEventSelect(k, WSACreateEvent(), value); }
                event EventHandler Changed { add { WSAEventSelect(s, WSACreateEvent(), FD_READ); } remove { WSAEventSelect(s, IntPtr.Zero, 0); } }
                public static Members operator +(Members m, int mask) { WSAEventSelect(m.s, WSACreateEvent(), mask); return m; }
                public static implicit operator IntPtr(Members m) => m.s;
                public void Dispose() { try { WSAEventSelect(this, WSACreateEvent(), FD_READ); } catch (SocketException) when (WSAEventSelect(s, IntPtr.Zero, 0) == 0) { } finally { WSAEventSelect(s, WSACreateEvent(), FD_WRITE); } }
                void Locks() { lock (this) { checked { WSAEventSelect(s, WSACreateEvent(), FD_READ); } } using var x = new Socket(new SafeSocketHandle(s, false)); x.Shutdown(SocketShutdown.Both); return; WSAEventSelect(s, WSACreateEvent(), FD_WRITE); }
                class Nested { void Run(Members m) { WSAEventSelect(m.s, WSACreateEvent(), FD_READ); WSAEventSelect(m.s, WSACreateEvent(), FD_WRITE); } }
            }
            """,
        ["AttributesAndOddContexts"] = """
            using System.Runtime.CompilerServices;
            [assembly: InternalsVisibleTo("X")]
            class Odd
            {
                const int Mask = FD_READ | FD_WRITE;
                [Obsolete("x")] void A(IntPtr s, int m = Mask) => WSAEventSelect(s, WSACreateEvent(), m);
                void B(IntPtr s) { _ = new { Result = WSAEventSelect(s, WSACreateEvent(), FD_READ), Again = WSAEventSelect(s, WSACreateEvent(), FD_WRITE) }; }
                void C(IntPtr s) { var t = (WSAEventSelect(s, WSACreateEvent(), FD_READ), WSAEventSelect(s, WSACreateEvent(), FD_WRITE)); }
                void D(IntPtr s) { var arr = new[] { WSAEventSelect(s, WSACreateEvent(), FD_READ), WSAEventSelect(s, WSACreateEvent(), FD_WRITE) }; int[] col = [WSAEventSelect(s, IntPtr.Zero, 0), .. arr]; }
                void E(IntPtr s) => Console.WriteLine($"{WSAEventSelect(s, WSACreateEvent(), FD_READ)} {WSAEventSelect(s, WSACreateEvent(), FD_WRITE)}");
                void F(object o) { if (o is IntPtr { } s && WSAEventSelect(s, WSACreateEvent(), FD_READ) == 0) WSAEventSelect(s, WSACreateEvent(), FD_WRITE); switch (o) { case IntPtr t when t != IntPtr.Zero: shutdown(t, SD_BOTH); break; } }
            }
            """,
        ["LibraryImportWithoutGenerator"] = """
            static partial class MyImports
            {
                [System.Runtime.InteropServices.LibraryImport("ws2_32.dll")]
                public static partial int WSAEventSelect(nint s, nint e, int mask);
                [System.Runtime.InteropServices.LibraryImport("ws2_32.dll", EntryPoint = "shutdown")]
                public static partial int Stop(nint s, int how);
                [System.Runtime.InteropServices.LibraryImport("ws2_32.dll")]
                public static int NotPartial(nint s) => 0;
                [System.Runtime.InteropServices.LibraryImport("ws2_32.dll", EntryPoint = "WSAEventSelect")]
                public static partial int NoParameters();
                static void Use(nint s) { WSAEventSelect(s, 1, FD_READ); WSAEventSelect(s, 2, FD_WRITE); Stop(s, 2); NotPartial(s); NoParameters(); }
            }
            """,
    };

    public static TheoryData<string> CaseNames => CaseRunner.Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Shape_DoesNotCrashAnyAnalyzer(string name) => CaseRunner.VerifyNoCrashWithBindingsAsync(name, Usings + Cases[name]);

    [Theory]
    [InlineData("DEBUG", "TRACE")]
    [InlineData("UNTERMINATED")]
    [InlineData]
    public Task PreprocessorSymbols_DoNotCrashAnyAnalyzer(params string[] symbols) =>
        CaseRunner.VerifyNoCrashWithBindingsAsync("PreprocessorBlocks " + string.Join(",", symbols), Usings + Cases["PreprocessorBlocks"], OutputKind.DynamicallyLinkedLibrary, symbols);

    [Fact]
    public Task TopLevelStatements_DoNotCrashAnyAnalyzer() =>
        CaseRunner.VerifyNoCrashWithBindingsAsync(
            "TopLevelStatements",
            Usings + """
                var listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                WSAEventSelect(listener, WSACreateEvent(), FD_ACCEPT);
                WSAEventSelect(listener, WSACreateEvent(), FD_READ);
                WSADuplicateSocketW(listener, args.Length, out var info);
                var copy = WSASocketW(-1, -1, -1, ref info, 0, 0);
                shutdown(copy, SD_BOTH);
                Arm(listener);
                using var managed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var handedOff = managed.DuplicateAndClose(1);
                managed.NoDelay = true;
                await Task.Yield();
                return 0;

                static int Arm(IntPtr s) => WSAEventSelect(s, WSACreateEvent(), FD_CLOSE);

                partial class Program { static void Extra(IntPtr s) => WSAEventSelect(s, IntPtr.Zero, 0); }
                """,
            OutputKind.ConsoleApplication);

    [Fact]
    public Task GeneratedCodeMarkers_DoNotCrashAnyAnalyzer() =>
        CaseRunner.VerifyNoCrashAsync(
            "GeneratedCode",
            SocketHeavySources.Bindings.Select((text, index) => AnalyzerCrashProbe.Parse(text, $"Bindings{index}.cs"))
                .Append(AnalyzerCrashProbe.Parse(Usings + "// <auto-generated/>\npartial class Split { IntPtr s; void Gen() => WSAEventSelect(s, WSACreateEvent(), FD_READ); }", "Split.cs"))
                .Append(AnalyzerCrashProbe.Parse(Usings + "partial class Split { void Mine() => WSAEventSelect(s, WSACreateEvent(), FD_WRITE); }", "Split.Mine.cs"))
                .Append(AnalyzerCrashProbe.Parse(Usings + "partial class Split { void G2() => shutdown(s, SD_BOTH); }", "Split.g.cs"))
                .Append(AnalyzerCrashProbe.Parse(Usings + "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1\")] partial class Split { void G3() => WSAEventSelect(s, WSACreateEvent(), FD_CLOSE); }", "Split.Attr.cs"))
                .Append(AnalyzerCrashProbe.Parse(Usings + "#pragma warning disable\npartial class Split { void G4() => WSAEventSelect(s, WSACreateEvent(), FD_OOB); }", "Split.designer.cs")),
            OutputKind.DynamicallyLinkedLibrary,
            "(five partial files of Split, three of them generated)");
}
