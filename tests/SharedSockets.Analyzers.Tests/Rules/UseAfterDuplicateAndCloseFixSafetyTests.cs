using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.UseAfterDuplicateAndCloseAnalyzer,
    SharedSockets.CodeFixes.Fixes.UseAfterDuplicateAndCloseFixProvider>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>
/// SOCK006 fix safety: a use that also runs on a path where the Socket was not handed off is moved there,
/// never deleted; a use the fix cannot place safely is left alone.
/// </summary>
public sealed class UseAfterDuplicateAndCloseFixSafetyTests
{
    private const string EndUse = UseAfterDuplicateAndCloseFixProvider.EndUseKey;

    [Fact]
    public Task ConditionalHandOff_UseMovesIntoTheOtherBranch_NotDeleted() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Dispatcher
                {
                    public SocketInformation? Dispatch(Socket client, int workerPid, bool remote, byte[] greeting)
                    {
                        SocketInformation? info = null;
                        if (remote)
                        {
                            info = client.DuplicateAndClose(workerPid);
                        }

                        [|client.Send(greeting)|];
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                sealed class Dispatcher
                {
                    public SocketInformation? Dispatch(Socket client, int workerPid, bool remote, byte[] greeting)
                    {
                        SocketInformation? info = null;
                        if (remote)
                        {
                            info = client.DuplicateAndClose(workerPid);
                        }
                        else
                        {
                            client.Send(greeting);
                        }

                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = EndUse,
        }.RunAsync();

    [Fact]
    public Task ConditionalHandOff_ExistingElse_UseJoinsItsEnd() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Dispatcher
                {
                    public SocketInformation? Dispatch(Socket client, int workerPid, bool remote, byte[] greeting)
                    {
                        SocketInformation? info = null;
                        if (remote)
                        {
                            info = client.DuplicateAndClose(workerPid);
                        }
                        else
                        {
                            client.NoDelay = true;
                        }

                        [|client.Send(greeting)|];
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                sealed class Dispatcher
                {
                    public SocketInformation? Dispatch(Socket client, int workerPid, bool remote, byte[] greeting)
                    {
                        SocketInformation? info = null;
                        if (remote)
                        {
                            info = client.DuplicateAndClose(workerPid);
                        }
                        else
                        {
                            client.NoDelay = true;
                            client.Send(greeting);
                        }

                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = EndUse,
        }.RunAsync();

    [Fact]
    public Task ConditionalHandOff_UseFurtherDown_NoFix() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                sealed class Dispatcher
                {
                    public SocketInformation? Dispatch(Socket client, int workerPid, bool remote, byte[] greeting)
                    {
                        SocketInformation? info = null;
                        if (remote)
                        {
                            info = client.DuplicateAndClose(workerPid);
                        }

                        Console.WriteLine("dispatched");
                        [|client.Send(greeting)|];
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task UseInTheCatchOfTheHandOffsTry_NoFix() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                sealed class Dispatcher
                {
                    public void Dispatch(Socket connection, int targetProcessId)
                    {
                        try
                        {
                            connection.DuplicateAndClose(targetProcessId);
                        }
                        catch (SocketException)
                        {
                            [|connection.Send(new byte[] { 0 })|];
                        }
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    [Fact]
    public Task UseAtTheTopOfALoopAfterAnEarlierPass_ReturnsWhereTheHandOffPassEnds() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Relay
                {
                    public void Run(Socket upstream, int workerPid, byte[] buffer)
                    {
                        while (true)
                        {
                            [|upstream.Receive(buffer)|];
                            if (buffer[0] == 1)
                            {
                                [|upstream.DuplicateAndClose(workerPid)|];
                            }
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                sealed class Relay
                {
                    public void Run(Socket upstream, int workerPid, byte[] buffer)
                    {
                        while (true)
                        {
                            upstream.Receive(buffer);
                            if (buffer[0] == 1)
                            {
                                upstream.DuplicateAndClose(workerPid);
                                return;
                            }
                        }
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task HandOffPassDeliversTheInfo_ReturnComesAfterTheDelivery() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                sealed class Relay
                {
                    public async Task PumpAsync(Socket upstream, int workerPid, byte[] buffer, Action<SocketInformation> deliver)
                    {
                        for (;;)
                        {
                            var read = await [|upstream.ReceiveAsync(buffer, SocketFlags.None)|];
                            Console.WriteLine(read);
                            if (read == 0)
                            {
                                var info = [|upstream.DuplicateAndClose(workerPid)|]; // hand the connection on
                                deliver(info);
                            }
                        }
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                sealed class Relay
                {
                    public async Task PumpAsync(Socket upstream, int workerPid, byte[] buffer, Action<SocketInformation> deliver)
                    {
                        for (;;)
                        {
                            var read = await upstream.ReceiveAsync(buffer, SocketFlags.None);
                            Console.WriteLine(read);
                            if (read == 0)
                            {
                                var info = upstream.DuplicateAndClose(workerPid); // hand the connection on
                                deliver(info);
                                return;
                            }
                        }
                    }
                }
                """,
        }.RunAsync();

    /// <summary>The loop may end by its condition, which the next pass evaluates first: returning would skip that.</summary>
    [Fact]
    public Task LoopWithACondition_NoReturnInserted() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                sealed class Relay
                {
                    public void Run(Socket upstream, int workerPid, byte[] buffer, Func<bool> more)
                    {
                        while (more())
                        {
                            [|upstream.Receive(buffer)|];
                            if (buffer[0] == 1)
                            {
                                [|upstream.DuplicateAndClose(workerPid)|];
                            }
                        }
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    /// <summary>The hand-off's pass goes on after its if (the count still runs there): a return would skip it.</summary>
    [Fact]
    public Task PassContinuesAfterTheHandOffsIf_NoReturnInserted() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Relay
                {
                    private int passes;

                    public void Run(Socket upstream, int workerPid, byte[] buffer)
                    {
                        while (true)
                        {
                            [|upstream.Receive(buffer)|];
                            if (buffer[0] == 1)
                            {
                                [|upstream.DuplicateAndClose(workerPid)|];
                            }

                            passes++;
                        }
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    /// <summary>A method with a result: a bare return would not compile, and which value to return is not ours to pick.</summary>
    [Fact]
    public Task MethodWithAResult_NoReturnInserted() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Relay
                {
                    public int Run(Socket upstream, int workerPid, byte[] buffer)
                    {
                        while (true)
                        {
                            [|upstream.Receive(buffer)|];
                            if (buffer[0] == 1)
                            {
                                [|upstream.DuplicateAndClose(workerPid)|];
                            }
                        }
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();

    /// <summary>
    /// The rest of the hand-off's block sends through the Socket again: no return goes in before that send is
    /// resolved (removed: it runs only after the hand-off); then the pass ends with the return.
    /// </summary>
    [Fact]
    public Task HandOffBlockUsesTheSocketAgain_ThatUseGoesFirst() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;

                sealed class Relay
                {
                    public void Run(Socket upstream, int workerPid, byte[] buffer)
                    {
                        while (true)
                        {
                            [|upstream.Receive(buffer)|];
                            if (buffer[0] == 1)
                            {
                                [|upstream.DuplicateAndClose(workerPid)|];
                                [|upstream.Send(buffer)|];
                            }
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                sealed class Relay
                {
                    public void Run(Socket upstream, int workerPid, byte[] buffer)
                    {
                        while (true)
                        {
                            upstream.Receive(buffer);
                            if (buffer[0] == 1)
                            {
                                upstream.DuplicateAndClose(workerPid);
                                return;
                            }
                        }
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task NativeCallOnTheStaleHandle_IsRemoved() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Broker
                {
                    public SocketInformation HandOff(Socket socket, int pid)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        closesocket([|socket.Handle|]);
                        return info;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;
                using static NativeMethods;

                sealed class Broker
                {
                    public SocketInformation HandOff(Socket socket, int pid)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        return info;
                    }
                }
                """,
            CodeActionEquivalenceKey = EndUse,
        }.RunAsync();

    [Fact]
    public Task ReadThatNeedsTheHandOffsResult_NoFix() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                sealed class Broker
                {
                    public SocketInformation HandOff(Socket socket, int pid)
                    {
                        var info = socket.DuplicateAndClose(pid);
                        Console.WriteLine($"{info.Options} from {[|socket.RemoteEndPoint|]}");
                        return info;
                    }
                }
                """,
            ExpectNoFix = true,
        }.RunAsync();
}
