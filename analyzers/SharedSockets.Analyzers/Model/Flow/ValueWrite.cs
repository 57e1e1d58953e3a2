using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>How a write gives a storage place its value.</summary>
internal enum WriteKind
{
    /// <summary><c>var s = …</c>, a field or property initializer.</summary>
    Initializer,

    /// <summary><c>s = …</c>.</summary>
    Assignment,

    /// <summary><c>s += …</c>, <c>s ??= …</c>: a new value computed from the old one.</summary>
    Compound,

    /// <summary><c>s++</c>, <c>--s</c>.</summary>
    Increment,

    /// <summary>An <c>out</c>/<c>ref</c> argument: the callee may write it (WSADuplicateSocket fills its protocol info).</summary>
    ByReference,

    /// <summary>A pointer to it as an argument (<c>&amp;info</c>, as CsWin32 passes WSAPROTOCOL_INFOW*): the callee may write it.</summary>
    AddressOf,
}

/// <summary>
/// One write to a local, parameter, or field or property of the analysed type: what is written, where,
/// how, and with which value when it has one.
/// </summary>
internal sealed class ValueWrite
{
    public ValueWrite(ISymbol symbol, SyntaxNode syntax, WriteKind kind, IOperation? value, IArgumentOperation? argument)
    {
        Symbol = symbol;
        Syntax = syntax;
        Kind = kind;
        Value = value;
        Argument = argument;
    }

    public ISymbol Symbol { get; }

    public SyntaxNode Syntax { get; }

    public WriteKind Kind { get; }

    public int Position => Syntax.SpanStart;

    /// <summary>The value written, for <see cref="WriteKind.Initializer"/> and <see cref="WriteKind.Assignment"/>.</summary>
    public IOperation? Value { get; }

    /// <summary>The argument, for <see cref="WriteKind.ByReference"/> and <see cref="WriteKind.AddressOf"/>.</summary>
    public IArgumentOperation? Argument { get; }

    /// <summary>
    /// Whether it gives the place a new value for "was it written between": a pointer argument is not
    /// counted, since most calls only read through it (WSASocket reads the protocol info it is given);
    /// a fill through a pointer is recognised by its API (WSADuplicateSocket) instead.
    /// </summary>
    public bool GivesNewValue => Kind != WriteKind.AddressOf;
}
