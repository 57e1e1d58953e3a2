namespace SharedSockets.Tests.Soak;

/// <summary>
/// The soak's size. The default fits CI (about 12 s on 2 cores); set SHAREDSOCKETS_SOAK_SECONDS for a
/// longer run (rounds of sockets are started until the time is up) and SHAREDSOCKETS_SOAK_SOCKETS for
/// more sockets per round.
/// </summary>
internal sealed record SoakSettings(TimeSpan Duration, int SocketsPerRound, int Seed)
{
    public const int ThreadsPerSocket = 4;

    public static SoakSettings FromEnvironment() => new(
        TimeSpan.FromSeconds(Read("SHAREDSOCKETS_SOAK_SECONDS", 12)),
        Read("SHAREDSOCKETS_SOAK_SOCKETS", 64),
        Read("SHAREDSOCKETS_SOAK_SEED", 4242));

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}

/// <summary>How the peer ends one connection.</summary>
internal enum PeerEnding
{
    /// <summary>Shutdown of its send side after all data: every byte in both directions is accounted for.</summary>
    Graceful,

    /// <summary>A reset (linger 0) after the shared side received everything.</summary>
    ResetAfterDelivery,

    /// <summary>A reset in the middle of its data: what arrived must be an exact prefix.</summary>
    ResetMidStream,
}

/// <summary>The plan of one socket: sizes, seeds and ending, all drawn from the soak's seed.</summary>
internal sealed record SocketPlan(int Index, int DownBytes, int UpBytes, int DownSeed, int UpSeed, PeerEnding Ending, int ResetAfterBytes, int ChurnSeed);
