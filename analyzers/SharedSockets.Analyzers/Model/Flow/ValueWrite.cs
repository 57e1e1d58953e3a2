using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// One write to a local, field or property: an assignment or initializer (<see cref="Value"/>), or an
/// <c>out</c>/<c>ref</c> argument of a call (<see cref="ByReference"/>), such as the <c>WSAPROTOCOL_INFO</c>
/// that <c>WSADuplicateSocket</c> fills.
/// </summary>
internal sealed class ValueWrite
{
    private ValueWrite(SyntaxNode syntax, IOperation? value, IArgumentOperation? byReference)
    {
        Syntax = syntax;
        Value = value;
        ByReference = byReference;
    }

    public SyntaxNode Syntax { get; }

    public int Position => Syntax.SpanStart;

    public IOperation? Value { get; }

    public IArgumentOperation? ByReference { get; }

    public static ValueWrite Assigned(SyntaxNode syntax, IOperation value) => new(syntax, value, null);

    public static ValueWrite Referenced(IArgumentOperation argument) => new(argument.Syntax, null, argument);

    /// <summary>The symbol written by an assignment target or an out/ref argument, if it is one we track.</summary>
    public static ISymbol? TargetSymbol(IOperation target) => target.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field when IsOwnMember(field.Instance) => field.Field,
        IPropertyReferenceOperation property when IsOwnMember(property.Instance) && property.Arguments.IsEmpty => property.Property,
        _ => null,
    };

    /// <summary>Members reached through <c>this</c> (or statics): the type-level identity the rules use.</summary>
    private static bool IsOwnMember(IOperation? instance) => instance is null or IInstanceReferenceOperation;
}
