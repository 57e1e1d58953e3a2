using System;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// What a value denotes after following aliases: a symbol whose value is not known more precisely
/// (a parameter, a field written in several places), the operation that created it (a <c>socket()</c>
/// or <c>WSACreateEvent()</c> call), a constant, or nothing (<c>NULL</c>). Two expressions with equal
/// identities denote the same socket (or event object, or window).
/// </summary>
internal sealed class ValueIdentity : IEquatable<ValueIdentity>
{
    public static readonly ValueIdentity Null = new(IdentityKind.Null, null, "NULL");

    private ValueIdentity(IdentityKind kind, object? root, string name)
    {
        Kind = kind;
        Root = root;
        Name = name;
    }

    public IdentityKind Kind { get; }

    /// <summary>An <see cref="ISymbol"/>, the <see cref="SyntaxNode"/> of a creation, or a constant value.</summary>
    public object? Root { get; }

    /// <summary>How to name it in a message.</summary>
    public string Name { get; }

    public static ValueIdentity OfSymbol(ISymbol symbol) => new(IdentityKind.Symbol, symbol, symbol.Name);

    /// <summary>Keyed by syntax: the same call seen through two semantic models is one creation.</summary>
    public static ValueIdentity OfCreation(IOperation creation) => OfCreation(creation.Syntax);

    public static ValueIdentity OfCreation(SyntaxNode creation) => new(IdentityKind.Creation, creation, creation.ToDisplayText());

    /// <summary>Numeric constants compare by value, whatever their type (<c>WM_USER + 1</c> as int or uint).</summary>
    public static ValueIdentity OfConstant(object value)
    {
        var normalized = value is IConvertible convertible && value is not string and not bool and not char
            ? convertible.ToDecimal(System.Globalization.CultureInfo.InvariantCulture)
            : value;
        return new(IdentityKind.Constant, normalized, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?");
    }

    public bool Equals(ValueIdentity? other) =>
        other is not null
        && Kind == other.Kind
        && (Root is ISymbol symbol
            ? SymbolEqualityComparer.Default.Equals(symbol, other.Root as ISymbol)
            : Equals(Root, other.Root));

    public override bool Equals(object? obj) => Equals(obj as ValueIdentity);

    public override int GetHashCode() =>
        Root is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : Root?.GetHashCode() ?? 0;

    public override string ToString() => Name;
}

internal enum IdentityKind
{
    Null,
    Symbol,
    Creation,
    Constant,
}
