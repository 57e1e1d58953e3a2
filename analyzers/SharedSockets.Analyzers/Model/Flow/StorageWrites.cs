using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Where a body writes one storage place (local, parameter, field or property of <c>this</c>): for rules
/// that must know whether a variable was given a new value between two points. Walks the body only
/// when a rule asks, i.e. for candidates already matched by identity.
/// </summary>
internal static class StorageWrites
{
    /// <summary>The storage place an expression reads, if it is one the rules can track.</summary>
    public static ISymbol? StorageOf(IOperation value) => value.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ when ValueWrite.TargetSymbol(value) is { } member => member,
        _ => null,
    };

    /// <summary>The syntax of every write to <paramref name="storage"/> in the body of <paramref name="root"/>, in source order.</summary>
    public static List<SyntaxNode> In(IOperation root, ISymbol storage) => Indexes.GetValue(root, Index).Of(storage);

    // One walk per body, however many candidates ask; released with the operation tree.
    private static readonly ConditionalWeakTable<IOperation, StorageWriteIndex> Indexes = new();

    /// <summary>Every write of one body, grouped by storage place, in one walk.</summary>
    private static StorageWriteIndex Index(IOperation root)
    {
        var index = new StorageWriteIndex();
        foreach (var operation in root.DescendantsAndSelf())
        {
            var written = operation switch
            {
                IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is not null => declarator.Symbol,
                IAssignmentOperation assignment => StorageOf(assignment.Target),
                IIncrementOrDecrementOperation increment => StorageOf(increment.Target),
                IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument => StorageOf(argument.Value),
                _ => null,
            };

            if (written is not null)
            {
                index.Add(written, operation.Syntax);
            }
        }

        return index;
    }
}

/// <summary>The writes of one body by storage place (see <see cref="StorageWrites.In"/>).</summary>
internal sealed class StorageWriteIndex
{
    private static readonly List<SyntaxNode> None = new();

    private readonly Dictionary<ISymbol, List<SyntaxNode>> writes = new(SymbolEqualityComparer.Default);

    public List<SyntaxNode> Of(ISymbol storage) => writes.TryGetValue(storage, out var list) ? list : None;

    internal void Add(ISymbol storage, SyntaxNode syntax)
    {
        if (!writes.TryGetValue(storage, out var list))
        {
            list = new List<SyntaxNode>();
            writes[storage] = list;
        }

        list.Add(syntax);
    }
}
