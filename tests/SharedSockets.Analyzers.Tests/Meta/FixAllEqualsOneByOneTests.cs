using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SharedSockets.CodeFixes.FixAll;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// One file holding the shapes of every rule at once (chained registrations, a conditional and an unconditional
/// hand-off, a second and a third creation from one info, repeated mode changes, shapes with no fix). For every
/// fix provider and every way Fix All is asked (no equivalence key, as <c>dotnet format</c> does, and each key a
/// light bulb offers), Fix All in solution scope must give exactly the code that applying the single fixes one
/// by one gives, each on the code the previous one left.
/// </summary>
public sealed class FixAllEqualsOneByOneTests
{
    private const string AllShapes = """
        using System;
        using System.Net.Sockets;
        using static NativeMethods;

        sealed class AllShapes
        {
            void Sock001(IntPtr socket, IntPtr readEvent, IntPtr writeEvent, IntPtr closeEvent)
            {
                WSAEventSelect(socket, readEvent, FD_READ);
                WSAEventSelect(socket, writeEvent, FD_WRITE); // the writer
                WSAEventSelect(socket, closeEvent, FD_CLOSE);
            }

            WSAPROTOCOL_INFOW Sock002(IntPtr listener, IntPtr acceptEvent, int pid)
            {
                WSAEventSelect(listener, acceptEvent, FD_ACCEPT);
                WSADuplicateSocketW(listener, pid, out var info);
                return info;
            }

            IntPtr Sock003(IntPtr listener)
            {
                int size = 1;
                setsockopt(listener, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                IntPtr worker = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                setsockopt(worker, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                return worker;
            }

            void Sock004(IntPtr socket, IntPtr readEvent, byte[] buffer)
            {
                WSAEventSelect(socket, readEvent, FD_READ);
                uint blocking = 0;
                ioctlsocket(socket, FIONBIO, ref blocking);
                recv(socket, buffer, buffer.Length, 0);
                ioctlsocket(socket, FIONBIO, ref blocking);
            }

            WSAPROTOCOL_INFOW Sock005(IntPtr connection, int pid)
            {
                WSADuplicateSocketW(connection, pid, out var info);
                shutdown(connection, SD_BOTH);
                return info;
            }

            SocketInformation? Sock006(Socket client, Socket other, int pid, bool remote, byte[] greeting)
            {
                SocketInformation? info = null;
                if (remote)
                {
                    info = client.DuplicateAndClose(pid);
                }

                client.Send(greeting);
                client.NoDelay = true;
                var handed = other.DuplicateAndClose(pid);
                Console.WriteLine(other.RemoteEndPoint);
                other.Shutdown(SocketShutdown.Both);
                return info ?? handed;
            }

            void Sock007(IntPtr listener, int pid)
            {
                WSADuplicateSocketW(listener, pid, out var info);
                var first = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 1);
                var second = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 1);
                var third = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 1);
            }

            IntPtr Sock008(IntPtr child)
            {
                var s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out var copy, 0, false, DUPLICATE_SAME_ACCESS);
                DuplicateHandle(GetCurrentProcess(), s, child, out var remote, 0, false, DUPLICATE_SAME_ACCESS);
                return copy;
            }
        }
        """;

    public static TheoryData<string> Providers() => new(ShippedAnalyzers.CodeFixProviderTypes.Select(type => type.Name));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FixAllInSolution_EqualsTheSingleFixesOneByOne(string providerName)
    {
        var provider = ShippedAnalyzers.CreateCodeFixProviders().Single(candidate => candidate.GetType().Name == providerName);
        var (solution, documentId) = FixHarness.CreateSolution(AllShapes, "AllShapes");
        var keys = new List<string?> { null };
        keys.AddRange(await OfferedKeysAsync(solution, documentId, provider));

        foreach (var key in keys)
        {
            var oneByOne = await OneByOneAsync(solution, documentId, provider, key);
            var fixAll = await FixHarness.FixAllAsync(solution, documentId, provider, key, await FixHarness.DiagnosticsAsync(solution.GetProject(documentId.ProjectId)!, provider));
            Assert.Equal(await FixHarness.TextAsync(oneByOne, documentId), await FixHarness.TextAsync(fixAll, documentId));
            Assert.NotEqual(AllShapes, await FixHarness.TextAsync(fixAll, documentId));
        }
    }

    private static async Task<IEnumerable<string?>> OfferedKeysAsync(Solution solution, DocumentId documentId, CodeFixProvider provider)
    {
        var keys = new HashSet<string?>();
        foreach (var diagnostic in await FixHarness.DiagnosticsAsync(solution.GetProject(documentId.ProjectId)!, provider))
        {
            keys.UnionWith((await FixHarness.ActionsAsync(solution, diagnostic, provider)).SelectMany(action => new[] { action.EquivalenceKey, ((SocketCodeAction)action).Kind }));
        }

        return keys;
    }

    /// <summary>
    /// Fix the first diagnostic that has a fix (null or the first-fix key: its first; a kind's key: that kind, wherever
    /// its light bulb lists it), analyse again, repeat.
    /// </summary>
    private static async Task<Solution> OneByOneAsync(Solution solution, DocumentId documentId, CodeFixProvider provider, string? key)
    {
        for (var step = 0; step < 50; step++)
        {
            CodeAction? chosen = null;
            foreach (var diagnostic in await FixHarness.DiagnosticsAsync(solution.GetProject(documentId.ProjectId)!, provider))
            {
                chosen = (await FixHarness.ActionsAsync(solution, diagnostic, provider)).FirstOrDefault(action => ((SocketCodeAction)action).Matches(key));
                if (chosen is not null)
                {
                    break;
                }
            }

            if (chosen is null)
            {
                return solution;
            }

            solution = await FixHarness.ApplyAsync(chosen);
        }

        throw new InvalidOperationException("The single fixes did not converge in 50 steps: a fix left its own diagnostic.");
    }
}
