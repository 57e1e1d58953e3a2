using Xunit;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// Socket API calls that do not bind cleanly: missing, extra, mistyped, named and reordered
/// arguments, calls through delegates, dynamic and expression trees. The model sees argument roles
/// that are absent, invalid or in unexpected places; no analyzer may throw.
/// </summary>
public sealed class MalformedCallTests
{
    private const string Prologue = """
        using System;
        using System.Linq.Expressions;
        using System.Net.Sockets;
        using Microsoft.Win32.SafeHandles;
        using static NativeMethods;

        partial class Connection
        {
            IntPtr s, e = WSACreateEvent(), other;
            Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            WSAPROTOCOL_INFOW info;
            int pid = 42, size = 1024;
            uint mode = 1;

            void Run()
            {
        """;

    private const string Epilogue = """

            }

            static WSAPROTOCOL_INFOW GetInfo() => default;
        }
        """;

    public static readonly IReadOnlyDictionary<string, string> Statements = new Dictionary<string, string>
    {
        ["MissingAllArguments"] = "WSAEventSelect(); WSAAsyncSelect(); setsockopt(); ioctlsocket(); shutdown(); closesocket(); WSADuplicateSocketW(); WSASocketW(); DuplicateHandle();",
        ["MissingTrailingArguments"] = "WSAEventSelect(s); WSAEventSelect(s, e); WSAAsyncSelect(s, e); setsockopt(s, SOL_SOCKET); ioctlsocket(s, FIONBIO); WSADuplicateSocketW(s); WSASocketW(-1, -1, -1); DuplicateHandle(GetCurrentProcess(), s);",
        ["MissingArgumentsThenFullCalls"] = "WSAEventSelect(s); WSAEventSelect(s, e, FD_READ); WSAEventSelect(s, other); WSAEventSelect(s, other, FD_WRITE); shutdown(s); shutdown(s, SD_BOTH);",
        ["ExtraArguments"] = "WSAEventSelect(s, e, FD_READ, 1, 2); closesocket(s, s); shutdown(s, SD_BOTH, 3); setsockopt(s, SOL_SOCKET, SO_RCVBUF, ref size, 4, 5); WSAEventSelect(s, other, FD_WRITE, e);",
        ["WrongArgumentTypes"] = "WSAEventSelect(\"s\", 1.5, \"x\"); WSAEventSelect(socket, e, FD_READ); setsockopt(s, \"level\", null, ref s, 4); shutdown(s, SocketShutdown.Both); ioctlsocket(s, FIONBIO, ref size); closesocket(socket);",
        ["WrongOutAndRefKinds"] = "WSADuplicateSocketW(s, pid, out int wrong); WSADuplicateSocketW(s, pid, info); WSASocketW(-1, -1, -1, info, 0, 0); WSASocketW(-1, -1, -1, ref pid, 0, 0); WSASocketW(-1, -1, -1, ref GetInfo(), 0, 0); setsockopt(s, SOL_SOCKET, SO_RCVBUF, size, 4); ioctlsocket(s, FIONBIO, mode);",
        ["NamedArgumentsInOrder"] = "WSAEventSelect(s: s, hEventObject: e, lNetworkEvents: FD_READ); WSAEventSelect(s: s, hEventObject: other, lNetworkEvents: FD_WRITE);",
        ["NamedArgumentsOutOfOrder"] = "WSAEventSelect(lNetworkEvents: FD_READ, hEventObject: e, s: s); WSAEventSelect(hEventObject: other, s: s, lNetworkEvents: FD_WRITE); setsockopt(optlen: 4, optval: ref size, optname: SO_RCVBUF, level: SOL_SOCKET, s: other); shutdown(how: SD_BOTH, s: s);",
        ["NamedArgumentsMissingOrDuplicated"] = "WSAEventSelect(lNetworkEvents: FD_READ, s: s); WSAEventSelect(s: s, s: s, lNetworkEvents: 1); WSAEventSelect(socket: s, ev: e, mask: 1); WSAEventSelect(s, s: s, FD_READ); WSAEventSelect(hEventObject: e);",
        ["DefaultAndNullArguments"] = "WSAEventSelect(default, default, default); WSAEventSelect(null!, null, 0); WSAEventSelect(default(IntPtr), e, FD_READ); WSAEventSelect(IntPtr.Zero, other, FD_WRITE); shutdown(default, default); WSAAsyncSelect(s, default, default, default);",
        ["UnknownAndGenericNames"] = "WSAEventSelectt(s, e, 1); NativeMethods.WSAEventSelect<int>(s, e, 1); NativeMethods.Missing.WSAEventSelect(s, e, 1); Missing.WSAEventSelect(s, e, 1); s.WSAEventSelect(e, 1);",
        ["MethodGroupsDelegatesAndNameof"] = "Func<IntPtr, IntPtr, int, int> select = WSAEventSelect; select(s, e, FD_READ); select(s, other, FD_WRITE); var name = nameof(WSAEventSelect); Action<IntPtr> close = x => closesocket(x); close(s); Func<IntPtr, IntPtr, int, int> bad = WSAAsyncSelect;",
        ["Dynamic"] = "dynamic d = s; WSAEventSelect(d, e, FD_READ); WSAEventSelect(s, d, FD_WRITE); dynamic ds = socket; ds.Shutdown(SocketShutdown.Both); ds.Blocking = false; socket.Blocking = d;",
        ["ExpressionTrees"] = "Expression<Func<IntPtr, int>> ex = x => WSAEventSelect(x, e, FD_READ); Expression<Func<Socket, bool>> b = so => so.Blocking; Expression<Action<Socket>> sh = so => so.Shutdown(SocketShutdown.Both); Expression<Func<int, SocketInformation>> dup = p => socket.DuplicateAndClose(p);",
        ["ManagedMembersMisused"] = "socket.DuplicateAndClose(); socket.DuplicateAndClose(\"pid\"); socket.Blocking = \"no\"; socket.Shutdown(2); socket.Shutdown(); socket.SetSocketOption(); socket.SetSocketOption(SocketOptionLevel.Socket); socket.NoDelay = 5; socket.Disconnect(); new Socket(); new Socket(info); new SafeSocketHandle(); new SafeSocketHandle(s); new SafeSocketHandle(\"h\", \"x\");",
        ["CompoundAndOddAssignments"] = "socket.ReceiveBufferSize += 1; socket.Blocking = !socket.Blocking; socket.Blocking &= false; socket.NoDelay = socket.NoDelay = true; (socket ?? socket).NoDelay = true; socket!.NoDelay = true; socket.ReceiveBufferSize++; (socket.NoDelay, socket.Blocking) = (true, false); socket?.Shutdown(SocketShutdown.Both); _ = socket?.DuplicateAndClose(pid);",
        ["ObjectInitializersAndWith"] = "var a = new Socket(socket.DuplicateAndClose(pid)) { Blocking = false, NoDelay = true, ReceiveBufferSize = 1 }; var b = new Socket(new SafeSocketHandle(s, false)) { Blocking = true, LingerState = new LingerOption(true, 1) }; var i2 = info with { iProtocol = 6 }; WSASocketW(-1, -1, -1, ref i2, 0, 0);",
        ["TupleDeconstructionAndRefLocals"] = "(s, other) = (other, s); WSAEventSelect(s, e, FD_READ); ref var r = ref s; r = other; WSAEventSelect(r, other, FD_WRITE); ref var ri = ref info; WSADuplicateSocketW(s, pid, out ri); WSASocketW(-1, -1, -1, ref ri, 0, 0); WSASocketW(-1, -1, -1, ref ri, 0, 0);",
        ["ArgListAndParams"] = "WSAEventSelect(__arglist(s, e, 1)); Console.WriteLine(__arglist(s)); WSAEventSelect(s, e, FD_READ | FD_WRITE | FD_CLOSE | FD_ACCEPT | FD_CONNECT | FD_OOB);",
        ["ThrowAndSwitchExpressions"] = "WSAEventSelect(s ?? throw new Exception(), e, FD_READ); WSAEventSelect(pid switch { 1 => s, 2 => other, _ => throw null! }, pid > 0 ? e : other, FD_WRITE); shutdown(pid is > 3 ? s : other, SD_SEND);",
        ["StatementLevelGarbage"] = "WSAEventSelect(s, e, FD_READ) WSAEventSelect(s, other FD_WRITE; ((( setsockopt(s, , , ref size, ); shutdown(s,,); closesocket(;",
        ["UnassignedAndUndeclared"] = "IntPtr u; WSAEventSelect(u, e, FD_READ); WSAEventSelect(u, other, FD_WRITE); WSAEventSelect(undeclared, e, FD_READ); WSAEventSelect(undeclared, other, FD_WRITE); shutdown(alsoUndeclared, SD_BOTH); undeclaredSocket.Shutdown(SocketShutdown.Both);",
    };

    public static TheoryData<string> StatementCases => CaseRunner.Names(Statements);

    [Theory]
    [MemberData(nameof(StatementCases))]
    public Task MalformedStatements_DoNotCrashAnyAnalyzer(string name) =>
        CaseRunner.VerifyNoCrashWithBindingsAsync(name, Prologue + Statements[name] + Epilogue);

    [Fact]
    public Task EveryMalformedStatement_InOneMethod_DoesNotCrashAnyAnalyzer() =>
        CaseRunner.VerifyNoCrashWithBindingsAsync("all", Prologue + string.Join(Environment.NewLine, Statements.Values) + Epilogue);
}
