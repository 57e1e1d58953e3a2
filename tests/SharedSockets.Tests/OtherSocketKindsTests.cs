using System.Net;
using System.Net.Sockets;

namespace SharedSockets.Tests;

/// <summary>UDP, listening sockets (FD_ACCEPT), connects (FD_CONNECT) and urgent data (FD_OOB).</summary>
public sealed class OtherSocketKindsTests
{
    [Fact]
    [Trait(WineTraits.Name, WineTraits.DoubleCompletion)]
    public void Udp_DatagramsRaiseRead_ForSubscribersOnEveryDescriptor_AndAreReceivedWhole()
    {
        var (local, peer) = Loopback.UdpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var reader = shared.OpenDescriptor();
        using var watcher = shared.OpenDescriptor();
        using var readable = new AutoResetEvent(false);
        var watched = new EventRecorder();
        using var readSubscription = reader.Subscribe(NetworkEvents.Read, readable);
        using var watchSubscription = watcher.Subscribe(NetworkEvents.Read | NetworkEvents.Write, watched.Record);

        var datagrams = Enumerable.Range(1, 5).Select(length => Enumerable.Repeat((byte)length, length * 100).ToArray()).ToArray();
        foreach (var datagram in datagrams)
        {
            peerSocket.Send(datagram);
        }

        var buffer = new byte[2048];
        var received = new List<byte[]>();
        var deadline = DateTime.UtcNow + Limits.Operation;
        while (received.Count < datagrams.Length)
        {
            Limits.WaitOrFail(readable, "FD_READ on UDP");
            while (reader.TryReceive(buffer, out var count))
            {
                received.Add(buffer[..count]);
            }

            Assert.True(DateTime.UtcNow < deadline);
        }

        Assert.Equal(datagrams, received);
        watched.WaitFor(NetworkEvents.Read | NetworkEvents.Write);

        // Sending through the watcher's descriptor: one socket, one address.
        watcher.Send("pong"u8);
        var reply = new byte[16];
        Assert.Equal(4, peerSocket.Receive(reply));
    }

    [Fact]
    public async Task Listener_RaisesAccept_UntilTheConnectionIsAccepted_ThenAgainForTheNext()
    {
        var listener = Loopback.Listener();
        var endPoint = listener.LocalEndPoint!;
        using var shared = new SharedSocket(listener);
        using var acceptor = shared.OpenDescriptor();
        using var acceptable = new AutoResetEvent(false);
        using var subscription = acceptor.Subscribe(NetworkEvents.Accept, acceptable);

        using var client1 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client1.Connect(endPoint);
        Limits.WaitOrFail(acceptable, "FD_ACCEPT");
        Assert.Equal(NetworkEvents.Accept, subscription.TakeEvents());
        Assert.False(acceptable.WaitOne(Limits.Quiet));

        using var accepted1 = acceptor.Accept();
        Assert.Equal(client1.LocalEndPoint, accepted1.RemoteEndPoint);
        Assert.False(acceptable.WaitOne(Limits.Quiet));

        using var client2 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client2.Connect(endPoint);
        Limits.WaitOrFail(acceptable, "FD_ACCEPT for the second connection");
        using var accepted2 = await acceptor.AcceptAsync(Limits.OperationToken());
        Assert.Equal(client2.LocalEndPoint, accepted2.RemoteEndPoint);
    }

    [Fact]
    public async Task Connect_RaisesConnectThenWrite_AndAFailedConnectRaisesConnectOnly()
    {
        using var listener = Loopback.Listener();
        using var shared = new SharedSocket(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var descriptor = shared.OpenDescriptor();
        var recorder = new EventRecorder();
        using var subscription = descriptor.Subscribe(NetworkEvents.Connect | NetworkEvents.Write, recorder.Record);

        Assert.Equal(NetworkEvents.None, recorder.AfterQuiet());
        await shared.ConnectAsync(listener.LocalEndPoint!, Limits.OperationToken());
        recorder.WaitFor(NetworkEvents.Connect | NetworkEvents.Write);

        // A refused connect: the port of a listener that was closed.
        var closedListener = Loopback.Listener();
        var refusedEndPoint = closedListener.LocalEndPoint!;
        closedListener.Dispose();
        using var refused = new SharedSocket(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var refusedDescriptor = refused.OpenDescriptor();
        var refusedEvents = new EventRecorder();
        using var refusedSubscription = refusedDescriptor.Subscribe(NetworkEvents.Connect | NetworkEvents.Write, refusedEvents.Record);
        await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(refusedEndPoint, Limits.OperationToken()));
        refusedEvents.WaitFor(NetworkEvents.Connect);
        Assert.Equal(NetworkEvents.Connect, refusedEvents.AfterQuiet());
    }

    [Fact]
    public void UrgentData_RaisesOob_UntilReceivedOutOfBand()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var descriptor = shared.OpenDescriptor();
        using var urgent = new AutoResetEvent(false);
        using var subscription = descriptor.Subscribe(NetworkEvents.Oob, urgent);

        peerSocket.Send([42], SocketFlags.OutOfBand);
        Limits.WaitOrFail(urgent, "FD_OOB");
        Assert.Equal(NetworkEvents.Oob, subscription.TakeEvents());

        var buffer = new byte[1];
        Assert.Equal(1, descriptor.Receive(buffer, SocketFlags.OutOfBand));
        Assert.Equal(42, buffer[0]);
        Assert.False(urgent.WaitOne(Limits.Quiet));
    }

    [Fact]
    public async Task SendAndReceive_SyncAndAsync_AreInterchangeableAcrossDescriptors()
    {
        var (local, peer) = Loopback.TcpPair();
        using var peerSocket = peer;
        using var shared = new SharedSocket(local);
        using var a = shared.OpenDescriptor();
        using var b = shared.OpenDescriptor();

        Assert.Equal(3, a.Send("one"u8));
        Assert.Equal(3, await b.SendAsync("two"u8.ToArray(), Limits.OperationToken()));
        var six = new byte[6];
        var got = 0;
        while (got < 6)
        {
            got += peerSocket.Receive(six.AsSpan(got));
        }

        Assert.Equal("onetwo"u8.ToArray(), six);

        peerSocket.Send("abcdef"u8);
        var first = new byte[3];
        var second = new byte[3];
        Assert.Equal(3, a.Receive(first));
        Assert.Equal(3, await b.ReceiveAsync(second, Limits.OperationToken()));
        Assert.Equal("abc"u8.ToArray(), first);
        Assert.Equal("def"u8.ToArray(), second);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)peerSocket.LocalEndPoint!).Port), shared.RemoteEndPoint);
    }
}
