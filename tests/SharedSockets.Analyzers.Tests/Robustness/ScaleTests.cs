using System.Diagnostics;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// Huge and deep inputs: thousands of calls on one socket in one body, long alias chains, deep
/// nesting, many types. The analyzers must complete (the probe fails a run that hangs); the time is
/// printed, not asserted, so a slow machine does not fail CI but a quadratic blow-up shows.
/// </summary>
public sealed class ScaleTests
{
    private const string Usings = """
        using System;
        using System.Net.Sockets;
        using Microsoft.Win32.SafeHandles;
        using static NativeMethods;

        """;

    private readonly ITestOutputHelper output;

    public ScaleTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public Task ThousandsOfRegistrationsOnOneSocket_InOneMethod() =>
        VerifyNoCrashAsync("3000 registrations", Method(3000, i => $"WSAEventSelect(s, events[{i % 7}], {(i % 2 == 0 ? "FD_READ" : "FD_WRITE")});"));

    [Fact]
    public Task ThousandsOfMixedCallsThroughAliases_InOneMethod() =>
        VerifyNoCrashAsync("2000 mixed calls", Method(2000, i => (i % 8) switch
        {
            0 => $"setsockopt(s, SOL_SOCKET, SO_RCVBUF, ref size, 4);",
            1 => $"setsockopt(alias, SOL_SOCKET, SO_RCVBUF, ref size, 4);",
            2 => $"ioctlsocket(alias, FIONBIO, ref mode);",
            3 => $"WSAEventSelect(s, events[{i % 7}], FD_READ);",
            4 => $"shutdown(alias, SD_SEND);",
            5 => $"WSADuplicateSocketW(s, {i}, out info); var d{i} = WSASocketW(-1, -1, -1, ref info, 0, 0);",
            6 => $"if (size > {i}) {{ WSAEventSelect(alias, IntPtr.Zero, 0); }} else {{ uint m{i} = 1; ioctlsocket(s, FIONBIO, ref m{i}); }}",
            _ => $"DuplicateHandle(GetCurrentProcess(), alias, GetCurrentProcess(), out _, 0, false, DUPLICATE_SAME_ACCESS);",
        }));

    [Fact]
    public Task ThousandsOfManagedSocketUses_InOneMethod() =>
        VerifyNoCrashAsync("2000 managed uses", Method(2000, i => (i % 6) switch
        {
            0 => $"var info{i} = managed.DuplicateAndClose({i});",
            1 => $"managed.NoDelay = true; view.NoDelay = false;",
            2 => $"managed.Blocking = false; view.Blocking = true;",
            3 => $"var copy{i} = new Socket(info{i - 3}); var again{i} = new Socket(info{i - 3});",
            4 => $"view.Shutdown(SocketShutdown.Both);",
            _ => $"managed.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer, {i});",
        }));

    [Fact]
    public Task ThousandsOfLoopsAndBranches_InOneMethod() =>
        VerifyNoCrashAsync("800 loops", Method(800, i => i % 2 == 0
            ? $"for (var i{i} = 0; i{i} < 3; i{i}++) {{ if (i{i} == 1) continue; WSAEventSelect(s, events[{i % 7}], FD_READ); }}"
            : $"while (size-- > {i}) {{ if (size == 3) break; WSAEventSelect(alias, events[{(i + 1) % 7}], FD_WRITE); }}"));

    [Fact]
    public Task LongAliasChain() =>
        VerifyNoCrashAsync("2000 aliases", Method(2000, i => i == 0 ? "var a0 = s;" : $"var a{i} = a{i - 1}; WSAEventSelect(a{i}, events[{i % 7}], FD_READ);"));

    [Fact]
    public Task FieldAliasChainAcrossMethods() =>
        VerifyNoCrashAsync("500 field aliases", new StringBuilder(Usings)
            .AppendLine("class Chain { IntPtr f0;")
            .AppendJoin(Environment.NewLine, Enumerable.Range(1, 500).Select(i => $"IntPtr f{i}; void Set{i}() {{ f{i} = f{i - 1}; }} void Arm{i}(IntPtr e) => WSAEventSelect(f{i}, e, FD_READ);"))
            .AppendLine("}")
            .ToString());

    [Fact]
    public Task LongEventMaskExpressionAndDeepNesting()
    {
        var mask = string.Join(" | ", Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? "FD_READ" : "FD_WRITE"));
        var body = new StringBuilder();
        for (var depth = 0; depth < 200; depth++)
        {
            body.Append($"if (size > {depth}) {{ WSAEventSelect(s, events[{depth % 7}], {mask.Substring(0, 19)}); ");
        }

        body.Append(new string('}', 200));
        return VerifyNoCrashAsync("deep", Method(1, _ => $"WSAEventSelect(s, events[0], {mask}); WSAEventSelect(s, events[1], (((((((((((((((((((((FD_READ))))))))))))))))))))); {body}"));
    }

    [Fact]
    public Task ThousandTypesEachRegistering() =>
        VerifyNoCrashAsync("1000 types", new StringBuilder(Usings)
            .AppendJoin(Environment.NewLine, Enumerable.Range(0, 1000).Select(i =>
                $"class Conn{i} {{ IntPtr s; void A(IntPtr e) => WSAEventSelect(s, e, FD_READ); void B() => WSAEventSelect(s, WSACreateEvent(), FD_WRITE); void C() => shutdown(s, SD_BOTH); }}"))
            .ToString());

    [Fact]
    public Task ThousandsOfStatementsWithoutSockets_BesideSocketCode() =>
        VerifyNoCrashAsync("5000 plain statements", Method(5000, i => i % 1000 == 0
            ? $"WSAEventSelect(s, events[{i % 7}], FD_READ);"
            : $"total += list.Count * {i} + (total > {i} ? 1 : 2); list.Add(total.ToString());"));

    private static string Method(int count, Func<int, string> statement)
    {
        var body = new StringBuilder(Usings).AppendLine("""
            class Huge
            {
                void Run(IntPtr s, Socket managed, IntPtr[] events)
                {
                    var alias = s;
                    int size = 1024, total = 0;
                    uint mode = 1;
                    WSAPROTOCOL_INFOW info = default;
                    var list = new System.Collections.Generic.List<string>();
                    var view = new Socket(new SafeSocketHandle(managed.Handle, false));
                    SocketInformation info0 = default, info1 = default, info2 = default;
            """);
        for (var index = 0; index < count; index++)
        {
            body.Append("        ").AppendLine(statement(index));
        }

        return body.AppendLine("    }").AppendLine("}").ToString();
    }

    private async Task VerifyNoCrashAsync(string name, string source)
    {
        var stopwatch = Stopwatch.StartNew();
        await CaseRunner.VerifyNoCrashWithBindingsAsync(name, source);
        output.WriteLine($"{name}: {source.Split('\n').Length} lines, all analyzers in {stopwatch.ElapsedMilliseconds} ms");
    }
}
