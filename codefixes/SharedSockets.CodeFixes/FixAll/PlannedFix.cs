using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace SharedSockets.CodeFixes.FixAll;

/// <summary>A planned, safe edit: its equivalence key, the title that says what it changes, and how to apply it.</summary>
internal sealed class PlannedFix
{
    private readonly Func<CancellationToken, Task<Solution>> apply;

    private PlannedFix(string key, string title, Func<CancellationToken, Task<Solution>> apply)
    {
        Key = key;
        Title = title;
        this.apply = apply;
    }

    public static IEnumerable<PlannedFix> None { get; } = Enumerable.Empty<PlannedFix>();

    public string Key { get; }

    public string Title { get; }

    /// <summary>An edit of one document.</summary>
    public static PlannedFix OfDocument(string key, string title, Func<CancellationToken, Task<Document>> apply) =>
        new(key, title, async cancellationToken => (await apply(cancellationToken).ConfigureAwait(false)).Project.Solution);

    /// <summary>An edit that may touch several documents (a wrapper in another file).</summary>
    public static PlannedFix OfSolution(string key, string title, Func<CancellationToken, Task<Solution>> apply) =>
        new(key, title, apply);

    public Task<Solution> ApplyAsync(CancellationToken cancellationToken) => apply(cancellationToken);

    public IEnumerable<PlannedFix> AsOne() => new[] { this };
}
