using Xunit;
using Verify = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.UseAfterDuplicateAndCloseAnalyzer>;

namespace SharedSockets.Analyzers.Tests.Rules;

/// <summary>SOCK006 must not flag: releasing the object, the returned information, other objects, other paths.</summary>
public sealed class UseAfterDuplicateAndCloseAnalyzerValidTests
{
    [Fact]
    public Task DisposeAndCloseAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Broker
            {
                public SocketInformation HandOff(Socket socket, Socket other, int pid)
                {
                    var info = socket.DuplicateAndClose(pid);
                    socket.Dispose();
                    socket.Close();
                    socket.Close(1);
                    socket?.Dispose();
                    return info;
                }
            }
            """);

    [Fact]
    public Task UsingDeclarationDisposesAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Acceptor
            {
                public SocketInformation AcceptAndHandOff(Socket listener, int pid)
                {
                    using var client = listener.Accept();
                    client.NoDelay = true;
                    return client.DuplicateAndClose(pid);
                }

                public SocketInformation Scoped(Socket listener, int pid)
                {
                    using (var client = listener.Accept())
                    {
                        return client.DuplicateAndClose(pid);
                    }
                }
            }
            """);

    [Fact]
    public Task ReadingTheReturnedSocketInformation() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.IO;
            using System.Net.Sockets;

            sealed class Broker
            {
                public void HandOff(Socket socket, int pid, Stream pipe)
                {
                    var info = socket.DuplicateAndClose(pid);
                    pipe.Write(info.ProtocolInformation, 0, info.ProtocolInformation.Length);
                    pipe.WriteByte((byte)info.Options);
                    Console.WriteLine(info.Options.HasFlag(SocketInformationOptions.Listening));
                }
            }
            """);

    [Fact]
    public Task UsesBeforeTheHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Text;

            sealed class Session
            {
                public SocketInformation Finish(Socket socket, int pid)
                {
                    socket.NoDelay = true;
                    socket.Send(Encoding.ASCII.GetBytes("moving you to a worker"));
                    var endpoint = socket.RemoteEndPoint;
                    return socket.DuplicateAndClose(pid);
                }
            }
            """);

    [Fact]
    public Task VariableGivenANewSocketAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;

            sealed class Reconnector
            {
                private Socket upstream = new(SocketType.Stream, ProtocolType.Tcp);

                public SocketInformation Rotate(Socket socket, int pid, EndPoint endpoint)
                {
                    var info = socket.DuplicateAndClose(pid);
                    socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(endpoint);
                    return info;
                }

                public SocketInformation RotateField(int pid, EndPoint endpoint)
                {
                    var info = upstream.DuplicateAndClose(pid);
                    upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    upstream.Connect(endpoint);
                    Reconnect(endpoint);
                    return info;
                }

                private void Reconnect(EndPoint endpoint) => upstream.Connect(endpoint);
            }
            """);

    [Fact]
    public Task ExclusiveBranchesAndReturns() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Dispatcher
            {
                public SocketInformation? Dispatch(Socket client, int pid, bool remote, byte[] reply)
                {
                    if (remote)
                    {
                        return client.DuplicateAndClose(pid);
                    }

                    client.Send(reply);
                    return null;
                }

                public SocketInformation? Either(Socket client, int pid, bool remote, byte[] reply)
                {
                    SocketInformation? info = null;
                    if (remote)
                        info = client.DuplicateAndClose(pid);
                    else
                        client.Send(reply);
                    return info;
                }

                public SocketInformation? Switch(Socket client, int pid, int mode, byte[] reply)
                {
                    switch (mode)
                    {
                        case 0:
                            return client.DuplicateAndClose(pid);
                        default:
                            client.Send(reply);
                            return null;
                    }
                }
            }
            """);

    [Fact]
    public Task AcceptLoop_EachPassHandsOffItsOwnClient() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;

            sealed class AcceptLoop
            {
                private Socket? current;

                public IEnumerable<SocketInformation> Serve(Socket listener, int workerPid)
                {
                    while (true)
                    {
                        var client = listener.Accept();
                        client.NoDelay = true;
                        client.ReceiveTimeout = 5000;
                        yield return client.DuplicateAndClose(workerPid);
                    }
                }

                public IEnumerable<SocketInformation> ServeThroughField(Socket listener, int workerPid)
                {
                    for (var i = 0; i < 100; i++)
                    {
                        current = listener.Accept();
                        current.NoDelay = true;
                        yield return current.DuplicateAndClose(workerPid);
                    }
                }
            }
            """);

    [Fact]
    public Task AnotherSocketUsedAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Text;

            sealed class Pair
            {
                public SocketInformation Split(Socket control, Socket data, int pid)
                {
                    var info = data.DuplicateAndClose(pid);
                    control.Send(Encoding.ASCII.GetBytes("data socket moved"));
                    control.Shutdown(SocketShutdown.Send);
                    return info;
                }
            }
            """);

    [Fact]
    public Task ReferenceChecksAndCollectionsAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;

            sealed class Registry
            {
                private readonly List<Socket> open = new();
                private readonly Dictionary<Socket, int> owners = new();

                public SocketInformation? Move(Socket socket, int pid)
                {
                    var info = socket.DuplicateAndClose(pid);
                    open.Remove(socket);
                    owners.Remove(socket);
                    if (socket is null || ReferenceEquals(socket, open))
                    {
                        return null;
                    }

                    var hash = socket.GetHashCode();
                    return info;
                }
            }
            """);

    [Fact]
    public Task FieldUsedInOtherMethodsNotCalledAfterHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            sealed class Connection
            {
                private readonly Socket socket;

                public Connection(Socket accepted) => socket = accepted;

                public int Receive(byte[] buffer) => socket.Receive(buffer);

                public void Greet(byte[] hello) => socket.Send(hello);

                public SocketInformation Migrate(int pid)
                {
                    Greet(new byte[] { 1 });
                    var info = socket.DuplicateAndClose(pid);
                    Log(pid);
                    return info;
                }

                private static void Log(int pid) => System.Console.WriteLine(pid);
            }
            """);

    [Fact]
    public Task NativeHandleReadBeforeHandOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using static NativeMethods;

            sealed class NativeBridge
            {
                public SocketInformation Prepare(Socket socket, IntPtr readEvent, int pid)
                {
                    WSAEventSelect(socket.Handle, readEvent, FD_READ);
                    WSAEventSelect(socket.Handle, IntPtr.Zero, 0);
                    return socket.DuplicateAndClose(pid);
                }
            }
            """);

    [Fact]
    public Task LambdaCreatedBeforeHandOff_AndUnrelatedLoop() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            sealed class Worker
            {
                public SocketInformation Prepare(Socket socket, int pid, Socket[] others)
                {
                    Func<int> available = () => socket.Available;
                    Console.WriteLine(available());
                    foreach (var other in others)
                    {
                        other.Blocking = false;
                    }

                    return socket.DuplicateAndClose(pid);
                }
            }
            """);

    [Fact]
    public Task UseInACatch_OfATryThatHandsNothingOff() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            sealed class Command
            {
                public SocketInformation Execute(Socket connection, int targetProcessId)
                {
                    try
                    {
                        connection.Send(new byte[] { 1 });
                    }
                    catch (SocketException)
                    {
                        Console.WriteLine(connection.RemoteEndPoint);
                    }

                    return connection.DuplicateAndClose(targetProcessId);
                }
            }
            """);
}
