using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Every write of the analysed code, by body and storage place (locals, parameters, fields and
/// properties of <c>this</c> or static), in source order, recorded in the one walk that builds a type's
/// model (or, for a fix, of one body). It answers "the write that reaches this use", "writes between two
/// points" and, projected over all bodies, "the only write of this field or property in the type" (how a
/// socket stored in a field in one method is recognised in another).
/// </summary>
internal sealed class WriteIndex
{
    private static readonly List<ValueWrite> None = new();

    private readonly Dictionary<IOperation, Dictionary<ISymbol, List<ValueWrite>>> byBody = new();
    private readonly Dictionary<ISymbol, List<ValueWrite>> members = new(SymbolEqualityComparer.Default);

    /// <summary>The writes of one body (lambdas and local functions included), for code outside a type model.</summary>
    public static WriteIndex ForBody(IOperation root)
    {
        var index = new WriteIndex();
        foreach (var operation in root.DescendantsAndSelf())
        {
            index.Record(operation);
        }

        index.Complete();
        return index;
    }

    /// <summary>The storage place an expression reads or writes, if it is one the model tracks.</summary>
    public static ISymbol? StorageOf(IOperation value) => value.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field when IsOwnMember(field.Instance) => field.Field,
        IPropertyReferenceOperation property when IsOwnMember(property.Instance) && property.Arguments.IsEmpty => property.Property,
        _ => null,
    };

    /// <summary>Records <paramref name="operation"/> if it writes a tracked place; called for every operation of the walk, by one thread.</summary>
    public void Record(IOperation operation)
    {
        switch (operation)
        {
            case IVariableDeclaratorOperation { Symbol: { } local } declarator when declarator.GetVariableInitializer() is { } initializer:
                Add(local, operation, WriteKind.Initializer, initializer.Value, null);
                break;
            case IFieldInitializerOperation initializer:
                foreach (var field in initializer.InitializedFields)
                {
                    Add(field, operation, WriteKind.Initializer, initializer.Value, null);
                }

                break;
            case IPropertyInitializerOperation initializer:
                foreach (var property in initializer.InitializedProperties)
                {
                    Add(property, operation, WriteKind.Initializer, initializer.Value, null);
                }

                break;
            case ISimpleAssignmentOperation assignment when StorageOf(assignment.Target) is { } target:
                Add(target, operation, WriteKind.Assignment, assignment.Value, null);
                break;
            case ICompoundAssignmentOperation or ICoalesceAssignmentOperation when StorageOf(((IAssignmentOperation)operation).Target) is { } target:
                Add(target, operation, WriteKind.Compound, null, null);
                break;
            case IIncrementOrDecrementOperation increment when StorageOf(increment.Target) is { } target:
                Add(target, operation, WriteKind.Increment, null, null);
                break;
            case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when StorageOf(argument.Value) is { } target:
                Add(target, operation, WriteKind.ByReference, null, argument);
                break;
            case IArgumentOperation argument when IsPointer(argument.Value) && StorageOf(argument.Value) is { } target:
                Add(target, operation, WriteKind.AddressOf, null, argument);
                break;
        }
    }

    /// <summary>The last write of <paramref name="storage"/> before <paramref name="use"/> in its body, or null when none precedes it.</summary>
    public ValueWrite? Reaching(ISymbol storage, IOperation use)
    {
        ValueWrite? reaching = null;
        foreach (var write in In(use.GetRoot(), storage))
        {
            if (write.Position >= use.Syntax.SpanStart)
            {
                break;
            }

            // In `s = Wrap(s)` the use on the right reads the value from before this write.
            if (!write.Syntax.Span.Contains(use.Syntax.Span))
            {
                reaching = write;
            }
        }

        return reaching;
    }

    /// <summary>Whether <paramref name="storage"/> is given a new value (<see cref="ValueWrite.GivesNewValue"/>) in <c>[start, end)</c> of the body <paramref name="root"/>.</summary>
    public bool HasNewValueBetween(IOperation root, ISymbol storage, int start, int end)
    {
        foreach (var write in In(root, storage))
        {
            if (write.GivesNewValue && write.Position >= start && write.Position < end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every write of <paramref name="storage"/> in the body <paramref name="root"/>, in source order.</summary>
    public IReadOnlyList<ValueWrite> In(IOperation root, ISymbol storage)
    {
        return byBody.TryGetValue(root, out var places) && places.TryGetValue(storage, out var writes) ? writes : None;
    }

    /// <summary>
    /// The only write of a field or property of the type over all its bodies, or null when there are none
    /// or several (then its value is not one thing).
    /// </summary>
    public ValueWrite? SingleWriteOfMember(ISymbol member) =>
        members.TryGetValue(member, out var writes) && writes.Count == 1 ? writes[0] : null;

    private void Add(ISymbol storage, IOperation operation, WriteKind kind, IOperation? value, IArgumentOperation? argument)
    {
        var write = new ValueWrite(storage, operation.Syntax, kind, value, argument);
        var root = operation.GetRoot();
        if (!byBody.TryGetValue(root, out var places))
        {
            byBody[root] = places = new Dictionary<ISymbol, List<ValueWrite>>(SymbolEqualityComparer.Default);
        }

        if (!places.TryGetValue(storage, out var writes))
        {
            places[storage] = writes = new List<ValueWrite>();
        }

        writes.Add(write);
        if (storage.Kind is SymbolKind.Field or SymbolKind.Property)
        {
            if (!members.TryGetValue(storage, out var memberWrites))
            {
                members[storage] = memberWrites = new List<ValueWrite>();
            }

            memberWrites.Add(write);
        }
    }

    /// <summary>Ends the walk: writes in source order. After this the index is only read, from any thread.</summary>
    public void Complete()
    {
        foreach (var places in byBody.Values)
        {
            foreach (var writes in places.Values)
            {
                writes.Sort((left, right) => left.Position.CompareTo(right.Position));
            }
        }
    }

    private static bool IsPointer(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value is IAddressOfOperation;
    }

    /// <summary>Members reached through <c>this</c> (or statics): the type-level identity the rules use.</summary>
    private static bool IsOwnMember(IOperation? instance) => instance is null or IInstanceReferenceOperation;
}
