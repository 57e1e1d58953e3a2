using BenchmarkDotNet.Attributes;

namespace SharedSockets.Shim.Benchmarks;

/// <summary>
/// Bulk echo: send 8 MiB in chunks while receiving the echo, on one connection. Raw: one
/// <see cref="System.Net.Sockets.Socket"/> for both directions. Shim: a writer descriptor and a reader
/// descriptor of one <see cref="SharedSocket"/>, the roles the shim exists for.
/// </summary>
[MemoryDiagnoser]
public class EchoThroughputBenchmarks
{
    private const int TotalBytes = 8 * 1024 * 1024;

    private EchoPeer _raw = null!;
    private EchoPeer _sharedPeer = null!;
    private SharedSocket _shared = null!;
    private SocketDescriptor _reader = null!;
    private SocketDescriptor _writer = null!;
    private byte[] _chunk = null!;
    private byte[] _receiveBuffer = null!;

    /// <summary>The size of each send.</summary>
    [Params(16 * 1024, 64 * 1024)]
    public int ChunkBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _raw = EchoPeer.Connect();
        _sharedPeer = EchoPeer.Connect();
        _shared = new SharedSocket(_sharedPeer.Local);
        _reader = _shared.OpenDescriptor();
        _writer = _shared.OpenDescriptor();
        _chunk = new byte[ChunkBytes];
        new Random(1).NextBytes(_chunk);
        _receiveBuffer = new byte[256 * 1024];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader.Dispose();
        _writer.Dispose();
        _shared.Dispose();
        _sharedPeer.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw Socket")]
    public async Task Raw()
    {
        var socket = _raw.Local;
        var sending = Task.Run(async () =>
        {
            for (var sent = 0; sent < TotalBytes; sent += _chunk.Length)
            {
                await socket.SendAsync(_chunk.AsMemory(), System.Net.Sockets.SocketFlags.None);
            }
        });
        var received = 0;
        while (received < TotalBytes)
        {
            received += await socket.ReceiveAsync(_receiveBuffer.AsMemory(), System.Net.Sockets.SocketFlags.None);
        }

        await sending;
    }

    [Benchmark(Description = "shim descriptors")]
    public async Task Shim()
    {
        var writer = _writer;
        var sending = Task.Run(async () =>
        {
            for (var sent = 0; sent < TotalBytes; sent += _chunk.Length)
            {
                await writer.SendAsync(_chunk.AsMemory());
            }
        });
        var received = 0;
        while (received < TotalBytes)
        {
            received += await _reader.ReceiveAsync(_receiveBuffer.AsMemory());
        }

        await sending;
    }
}
