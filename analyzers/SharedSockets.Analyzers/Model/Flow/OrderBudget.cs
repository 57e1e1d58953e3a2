namespace SharedSockets.Analyzers.Model;

/// <summary>
/// How many order queries one search (for one flagged-call candidate) may make: graph queries are not
/// free, and a search that runs out answers "unknown", so the rule stays silent rather than turning
/// quadratic on generated code.
/// </summary>
internal sealed class OrderBudget
{
    /// <summary>Enough for every realistic method; generated code with thousands of calls hits it.</summary>
    public const int PerSearch = 64;

    private int remaining;

    public OrderBudget(int units = PerSearch) => remaining = units;

    public bool IsExhausted => remaining <= 0;

    public void Spend() => remaining--;
}
