// Reader and writer threads on ONE shared socket, each with its own event subscription.
//
// With duplicated Winsock descriptors this cannot work: a WSAEventSelect/WSAAsyncSelect through any
// descriptor cancels every earlier registration on the socket, so "A gets FD_READ, B gets FD_WRITE"
// leaves only one of them notified. The Winsock documentation's advice is to use threads instead;
// SharedSockets gives each thread its own descriptor and its own, additive subscription.
//
//   dotnet run --project samples/ReaderWriterDemo [megabytes]
using System.Net;
using System.Net.Sockets;
using SharedSockets;

var megabytes = args.Length > 0 && int.TryParse(args[0], out var requested) && requested > 0 ? requested : 16;
var totalBytes = megabytes * 1024L * 1024L;
var limit = TimeSpan.FromSeconds(60);

// A peer on loopback that echoes everything back, then closes when it sees the end of our stream.
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
listener.Listen(1);
var echo = new Thread(() => EchoPeer.Run(listener)) { IsBackground = true, Name = "echo peer" };
echo.Start();

var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
client.Connect(listener.LocalEndPoint!);

using var shared = new SharedSocket(client);
using var readerDescriptor = shared.OpenDescriptor();
using var writerDescriptor = shared.OpenDescriptor();

// Each role subscribes on its own descriptor. Neither subscription cancels the other.
using var readable = new AutoResetEvent(false);
using var writable = new AutoResetEvent(false);
using var readerSubscription = readerDescriptor.Subscribe(NetworkEvents.Read | NetworkEvents.Close, readable);
using var writerSubscription = writerDescriptor.Subscribe(NetworkEvents.Write, writable);

// Options are socket state: what the writer sets, the reader reads.
writerDescriptor.Options.NoDelay = true;
Console.WriteLine($"NoDelay set by the writer, read by the reader: {readerDescriptor.Options.NoDelay}");

var readerStats = new RoleStats();
var writerStats = new RoleStats();
long received = 0;
var corrupt = false;

var reader = new Thread(() =>
{
    var buffer = new byte[128 * 1024];
    var closed = false;
    while (!closed)
    {
        if (!readable.WaitOne(limit))
        {
            Console.Error.WriteLine("reader: no event within the time limit");
            return;
        }

        var events = readerSubscription.TakeEvents();
        readerStats.Add(events);

        // Receive until WSAEWOULDBLOCK (TryReceive returns false): that re-enables FD_READ.
        while (readerDescriptor.TryReceive(buffer, out var count) && count > 0)
        {
            for (var i = 0; i < count; i++)
            {
                corrupt |= buffer[i] != Pattern.ByteAt(received + i);
            }

            received += count;
        }

        closed = (events & NetworkEvents.Close) != 0;
    }
}) { Name = "reader" };

var writer = new Thread(() =>
{
    var chunk = new byte[64 * 1024];
    long sent = 0;
    var pending = 0;
    var offset = 0;
    while (sent < totalBytes)
    {
        if (!writable.WaitOne(limit))
        {
            Console.Error.WriteLine("writer: no event within the time limit");
            return;
        }

        writerStats.Add(writerSubscription.TakeEvents());

        // Send until WSAEWOULDBLOCK (TrySend returns false): FD_WRITE comes back when space frees.
        while (sent < totalBytes)
        {
            if (pending == 0)
            {
                pending = (int)Math.Min(chunk.Length, totalBytes - sent);
                offset = 0;
                for (var i = 0; i < pending; i++)
                {
                    chunk[i] = Pattern.ByteAt(sent + i);
                }
            }

            if (!writerDescriptor.TrySend(chunk.AsSpan(offset, pending), out var count))
            {
                break;
            }

            offset += count;
            pending -= count;
            sent += count;
        }
    }

    // Shutdown is socket-wide and explicit: the peer sees the end of the stream, echoes the rest
    // and closes, and the reader gets FD_CLOSE through its own subscription.
    shared.Shutdown(SocketShutdown.Send);
}) { Name = "writer" };

reader.Start();
writer.Start();
var finished = writer.Join(limit) & reader.Join(limit);

Console.WriteLine($"writer: {writerStats.Write} FD_WRITE events, sent {totalBytes:N0} bytes");
Console.WriteLine($"reader: {readerStats.Read} FD_READ and {readerStats.Close} FD_CLOSE events, received {received:N0} bytes{(corrupt ? " (CORRUPT)" : ", byte-exact")}");

var ok = finished && !corrupt && received == totalBytes && readerStats.Close == 1 && writerStats.Write > 0 && readerStats.Read > 0;
Console.WriteLine(ok
    ? "Both threads got their own events on one socket."
    : "FAILED: a role missed its events or the data differs.");
return ok ? 0 : 1;

/// <summary>The bytes the writer sends and the reader expects.</summary>
internal static class Pattern
{
    public static byte ByteAt(long position) => (byte)((position * 31) ^ (position >> 11));
}

/// <summary>Which events a role received.</summary>
internal sealed class RoleStats
{
    public int Read { get; private set; }

    public int Write { get; private set; }

    public int Close { get; private set; }

    public void Add(NetworkEvents events)
    {
        Read += (events & NetworkEvents.Read) != 0 ? 1 : 0;
        Write += (events & NetworkEvents.Write) != 0 ? 1 : 0;
        Close += (events & NetworkEvents.Close) != 0 ? 1 : 0;
    }
}

/// <summary>The other end of the connection: a plain socket echoing until the end of the stream.</summary>
internal static class EchoPeer
{
    public static void Run(Socket listener)
    {
        using var peer = listener.Accept();
        var buffer = new byte[256 * 1024];
        int count;
        while ((count = peer.Receive(buffer)) > 0)
        {
            peer.Send(buffer, 0, count, SocketFlags.None);
        }

        peer.Shutdown(SocketShutdown.Send);
    }
}
