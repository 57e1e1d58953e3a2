namespace SharedSockets.Tests;

/// <summary>
/// The trait that keeps a test out of the run under Wine (SharedSockets.Winsock.Tests filters on it);
/// on Windows and Linux these tests run. Each use states the Wine behaviour that stops it.
/// </summary>
internal static class WineTraits
{
    public const string Name = "Wine";

    /// <summary>Wine 8 reports FD_CLOSE after a reset with error 0, where Winsock reports WSAECONNRESET (docs/winsock-facts.md, F21).</summary>
    public const string ResetReportedWithoutError = "excluded: Wine 8 reports a reset connection's close with error 0";

    /// <summary>Wine 8 completes some overlapped socket operations twice ("'overlapped' has already been freed"), which .NET's thread pool reports as a fatal error.</summary>
    public const string DoubleCompletion = "excluded: Wine 8 delivers a double I/O completion";
}
