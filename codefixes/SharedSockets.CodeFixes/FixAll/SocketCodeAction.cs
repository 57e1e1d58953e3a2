using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;

namespace SharedSockets.CodeFixes.FixAll;

/// <summary>
/// A registered fix that remembers its kind: the equivalence key is <see cref="SocketCodeFixProvider.FirstFixKey"/>
/// for a diagnostic's first fix, so Fix All (and tests) match a kind through <see cref="Kind"/> wherever it is offered.
/// </summary>
internal sealed class SocketCodeAction : CodeAction
{
    private readonly Func<CancellationToken, Task<Solution>> apply;

    public SocketCodeAction(string title, string equivalenceKey, string kind, Func<CancellationToken, Task<Solution>> apply)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        Kind = kind;
        this.apply = apply;
    }

    public override string Title { get; }

    public override string EquivalenceKey { get; }

    /// <summary>The key of the kind of edit (<see cref="PlannedFix.Key"/>), whatever key it was registered with.</summary>
    public string Kind { get; }

    /// <summary>Whether Fix All asked with <paramref name="key"/> (null: each diagnostic's first fix) means this action.</summary>
    public bool Matches(string? key) => key is null || key == EquivalenceKey || key == Kind;

    /// <summary>The same edit registered under its kind's key.</summary>
    public SocketCodeAction AsKind() => new(Title, Kind, Kind, apply);

    protected override async Task<Solution?> GetChangedSolutionAsync(CancellationToken cancellationToken) =>
        await apply(cancellationToken).ConfigureAwait(false);
}
