namespace SharedSockets.Tests;

/// <summary>A reproducible byte stream: a writer and a checker built from the same seed see the same bytes.</summary>
internal sealed class TestData
{
    private readonly Random _random;

    public TestData(int seed) => _random = new Random(seed);

    /// <summary>Fills <paramref name="buffer"/> with the stream's next bytes.</summary>
    public void Next(Span<byte> buffer) => _random.NextBytes(buffer);

    /// <summary>Checks that <paramref name="received"/> is the stream's next bytes; returns the offset of the first difference, or -1.</summary>
    public int Check(ReadOnlySpan<byte> received)
    {
        Span<byte> expected = received.Length <= 4096 ? stackalloc byte[received.Length] : new byte[received.Length];
        _random.NextBytes(expected);
        var common = received.CommonPrefixLength(expected);
        return common == received.Length ? -1 : common;
    }
}
