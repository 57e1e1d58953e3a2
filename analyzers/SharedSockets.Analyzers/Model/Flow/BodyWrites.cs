using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// The writes to locals in one executable body (lambdas and local functions included), in source
/// order, found in one walk. Lets the resolver pick the write that reaches a use.
/// </summary>
internal sealed class BodyWrites
{
    private readonly Dictionary<ILocalSymbol, List<ValueWrite>> writes = new(SymbolEqualityComparer.Default);

    public BodyWrites(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Symbol: { } local } declarator when declarator.GetVariableInitializer() is { } initializer:
                    Add(local, ValueWrite.Assigned(declarator.Syntax, initializer.Value));
                    break;
                case ISimpleAssignmentOperation assignment when ValueWrite.TargetSymbol(assignment.Target) is ILocalSymbol local:
                    Add(local, ValueWrite.Assigned(assignment.Syntax, assignment.Value));
                    break;
                case IArgumentOperation argument
                    when IsWrittenThrough(argument) && ValueWrite.TargetSymbol(argument.Value) is ILocalSymbol local:
                    Add(local, ValueWrite.Referenced(argument));
                    break;
            }
        }

        foreach (var list in writes.Values)
        {
            list.Sort((left, right) => left.Position.CompareTo(right.Position));
        }
    }

    /// <summary>
    /// <c>out</c>/<c>ref</c> arguments, and <c>&amp;x</c> pointers (CsWin32 passes the
    /// <c>WSAPROTOCOL_INFOW*</c> that WSADuplicateSocket fills this way).
    /// </summary>
    private static bool IsWrittenThrough(IArgumentOperation argument)
    {
        if (argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref)
        {
            return true;
        }

        var value = argument.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value is IAddressOfOperation;
    }

    /// <summary>The last write before <paramref name="use"/> in source order, or null when none precedes it.</summary>
    public ValueWrite? Reaching(ILocalSymbol local, IOperation use)
    {
        if (!writes.TryGetValue(local, out var list))
        {
            return null;
        }

        ValueWrite? reaching = null;
        foreach (var write in list)
        {
            if (write.Position >= use.Syntax.SpanStart)
            {
                break;
            }

            // In `s = Wrap(s)` the use on the right reads the value from before this write.
            if (write.Syntax.Span.Contains(use.Syntax.Span))
            {
                continue;
            }

            reaching = write;
        }

        return reaching;
    }

    private void Add(ILocalSymbol local, ValueWrite write)
    {
        if (!writes.TryGetValue(local, out var list))
        {
            list = new List<ValueWrite>();
            writes[local] = list;
        }

        list.Add(write);
    }
}
