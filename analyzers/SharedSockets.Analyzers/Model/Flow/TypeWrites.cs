using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Writes to the fields and properties of one type, from every method, constructor and initializer
/// of that type: how a socket stored in a field in one method is recognised in another.
/// Filled once, when the type's facts are built (TypeFactsCache); read by every rule after that.
/// </summary>
internal sealed class TypeWrites
{
    private readonly ConcurrentDictionary<ISymbol, ConcurrentQueue<ValueWrite>> writes = new(SymbolEqualityComparer.Default);

    public void Record(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment when ValueWrite.TargetSymbol(assignment.Target) is { Kind: SymbolKind.Field or SymbolKind.Property } member:
                Add(member, ValueWrite.Assigned(assignment.Syntax, assignment.Value));
                break;
            case IFieldInitializerOperation initializer:
                foreach (var field in initializer.InitializedFields)
                {
                    Add(field, ValueWrite.Assigned(initializer.Syntax, initializer.Value));
                }

                break;
            case IPropertyInitializerOperation initializer:
                foreach (var property in initializer.InitializedProperties)
                {
                    Add(property, ValueWrite.Assigned(initializer.Syntax, initializer.Value));
                }

                break;
            case IInvocationOperation invocation:
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref
                        && ValueWrite.TargetSymbol(argument.Value) is { Kind: SymbolKind.Field } field)
                    {
                        Add(field, ValueWrite.Referenced(argument));
                    }
                }

                break;
        }
    }

    /// <summary>The only write to <paramref name="member"/> in the type, or null when there are none or several.</summary>
    public ValueWrite? Single(ISymbol member) =>
        writes.TryGetValue(member, out var queue) && queue.Count == 1 && queue.TryPeek(out var write) ? write : null;

    public IEnumerable<ValueWrite> All(ISymbol member) =>
        writes.TryGetValue(member, out var queue) ? queue : (IEnumerable<ValueWrite>)System.Array.Empty<ValueWrite>();

    private void Add(ISymbol member, ValueWrite write) =>
        writes.GetOrAdd(member, static _ => new ConcurrentQueue<ValueWrite>()).Enqueue(write);
}
