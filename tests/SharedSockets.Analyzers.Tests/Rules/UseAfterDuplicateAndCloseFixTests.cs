using SharedSockets.Analyzers.Rules;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verification;
using SharedSockets.CodeFixes.Fixes;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK006 code fix: remove the statement that uses the Socket after DuplicateAndClose.</summary>
public sealed class UseAfterDuplicateAndCloseFixTests
{
    private const string RemoveUse = UseAfterDuplicateAndCloseFixProvider.RemoveUseKey;

    private static ProjectBuilder Project(string code) =>
        ProjectBuilder.Create()
            .WithAnalyzer<UseAfterDuplicateAndCloseAnalyzer>()
            .WithCodeFixProvider<UseAfterDuplicateAndCloseFixProvider>()
            .WithSourceCode(code)
            .WithSourceCode("Interop.cs", InteropSources.DllImport);

    [Fact]
    public Task RemovesShutdownAfterHandOff_KeepsDispose() =>
        Project("""
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
            """)
            .WithCodeFixEquivalenceKey(RemoveUse)
            .ShouldFixCodeWith("""
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
            """)
            .ValidateAsync();

    [Fact]
    public Task RemovesPropertySetAndAwaitedSend() =>
        Project("""
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
            """)
            .WithCodeFixEquivalenceKey(RemoveUse)
            .ShouldBatchFixCodeWith("""
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
            """)
            .ValidateAsync();

    [Fact]
    public Task FixAll_RemovesEveryUseInEveryMethod() =>
        Project("""
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
            """)
            .WithCodeFixEquivalenceKey(RemoveUse)
            .ShouldBatchFixCodeWith("""
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
            """)
            .ValidateAsync();

    [Fact]
    public Task NoFix_WhenTheUseIsPartOfALargerStatement() =>
        Project("""
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
            """)
            .ShouldNotOfferCodeFix()
            .ValidateAsync();

    [Fact]
    public Task NoFix_ForAnOwnMethodCalledAfterHandOff() =>
        Project("""
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
            """)
            .ShouldNotOfferCodeFix()
            .ValidateAsync();
}
