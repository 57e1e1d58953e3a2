using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedSockets.CodeFixes.FixAll;

/// <summary>
/// The base of every fix of this package: one Fix All style (<see cref="SocketFixAllProvider"/>, the single
/// fixes applied one after another), while each single fix may word its title for its diagnostic.
/// </summary>
public abstract class SocketCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => SocketFixAllProvider.Instance;

    /// <summary>The title of Fix All for the fixes with <paramref name="equivalenceKey"/> (null: each diagnostic's first fix): what every one of them changes.</summary>
    internal abstract string FixAllTitle(string? equivalenceKey);
}
