namespace SharedSockets.Winsock.Tests;

/// <summary>
/// One checkable fact of docs/winsock-facts.md: what the facts probe prints when Winsock behaves as
/// documented, and what Wine answers where it is known to differ (the documentation decides what the
/// rules say; Wine's answer is recorded, so a change in it is noticed).
/// </summary>
/// <param name="Id">The probe's id, also the anchor in docs/winsock-facts.md.</param>
/// <param name="Documented">The documented answer in the probe's words; null where the documentation defines none.</param>
/// <param name="Wine">Wine 8's answer where it differs from <paramref name="Documented"/> (or where none is documented); null when it agrees.</param>
public sealed record WinsockFact(string Id, string? Documented, string? Wine = null)
{
    public override string ToString() => Id;
}
