using SharedSockets.Analyzers.Rules;
using SharedSockets.CodeFixes.Fixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.UseAfterDuplicateAndCloseAnalyzer,
    SharedSockets.CodeFixes.Fixes.UseAfterDuplicateAndCloseFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK006 code fix: end the use of the Socket after DuplicateAndClose (shapes that must not be rewritten: <see cref="UseAfterDuplicateAndCloseFixSafetyTests"/>).</summary>
public sealed class UseAfterDuplicateAndCloseFixTests
{
    private const string EndUse = UseAfterDuplicateAndCloseFixProvider.EndUseKey;

    [Fact]
    public Task RemovesShutdownAfterHandOff_KeepsDispose() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Broker
                {
                    public SocketInformation HandOff(Socket socket, int pid)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        [|socket.Shutdown(SocketShutdown.Both)|];
                        socket.Dispose();
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                sealed class Broker
                {
                    public SocketInformation HandOff(Socket socket, int pid)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        socket.Dispose();
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = EndUse,
        }.RunAsync();

    [Fact]
    public Task RemovesPropertySetAndAwaitedSend() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                sealed class Broker
                {
                    public async Task<SocketInformation> HandOffAsync(Socket socket, int pid, byte[] bye)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        [|socket.LingerState = new LingerOption(false, 0)|];
                        await [|socket.SendAsync(bye, SocketFlags.None)|];
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                sealed class Broker
                {
                    public async Task<SocketInformation> HandOffAsync(Socket socket, int pid, byte[] bye)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = EndUse,
        }.RunAsync();

    [Fact]
    public Task FixAll_RemovesEveryUseInEveryMethod() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;
                using System.Text;

                sealed class Pool
                {
                    public SocketInformation Give(Socket client, int pid)
                    {
                        var info = client.DuplicateAndClose(pid);
                        [|client.Send(Encoding.ASCII.GetBytes("moved"))|];
                        [|client?.Shutdown(SocketShutdown.Send)|];
                        client.Close();
                        return info;
                    }

                    public SocketInformation Take(Socket client, int pid)
                    {
                        var info = client.DuplicateAndClose(pid);
                        [|client.NoDelay = false|];
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;
                using System.Text;

                sealed class Pool
                {
                    public SocketInformation Give(Socket client, int pid)
                    {
                        var info = client.DuplicateAndClose(pid);
                        client.Close();
                        return info;
                    }

                    public SocketInformation Take(Socket client, int pid)
                    {
                        var info = client.DuplicateAndClose(pid);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = EndUse,
        }.RunAsync();

    [Fact]
    public Task LargerStatements_OneThatOnlyReadsMovesBeforeTheHandOff_OthersHaveNoFix() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                sealed class Broker
                {
                    public SocketInformation HandOff(Socket socket, int pid, bool verbose)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        Console.WriteLine([|socket.RemoteEndPoint|]);
                        if (verbose) [|socket.Send(new byte[] { 0 })|];
                        var sent = [|socket.Send(new byte[] { 1 })|];
                        return info;
                    }
                }
                """,

            // The log line only reads the Socket and needs nothing from the hand-off: it runs first. The send
            // under a condition and the one whose result is kept cannot simply go: no fix, still reported.
            FixedState = { MarkupHandling = MarkupMode.Allow },
            FixedCode = """
                using System;
                using System.Net.Sockets;

                sealed class Broker
                {
                    public SocketInformation HandOff(Socket socket, int pid, bool verbose)
                    {
                        Console.WriteLine(socket.RemoteEndPoint);
                        var info = socket.DuplicateAndClose(pid);
                        if (verbose) [|socket.Send(new byte[] { 0 })|];
                        var sent = [|socket.Send(new byte[] { 1 })|];
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = EndUse,
        }.RunAsync();

    [Fact]
    public Task NoFix_ForAnOwnMethodCalledAfterHandOff() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Connection
                {
                    private readonly Socket socket;

                    public Connection(Socket accepted) => socket = accepted;

                    public SocketInformation Migrate(int pid)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        [|Flush()|];
                        return info;
                    }

                    private void Flush() => socket.Send(new byte[] { 0 });
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();
}
