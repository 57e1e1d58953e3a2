using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Everything one type does with sockets, gathered from the operations of its code, then frozen into
/// a <see cref="SocketTypeModel"/> by each rule. Built once per type for all rules (<see cref="TypeFactsCache"/>).
/// </summary>
internal sealed class TypeSocketFacts
{
    private readonly SocketCallBinder binder;
    private readonly List<SocketCall> calls = new();
    private readonly TypeWrites writes = new();

    public TypeSocketFacts(INamedTypeSymbol type, SocketCallBinder binder)
    {
        Type = type;
        this.binder = binder;
    }

    public INamedTypeSymbol Type { get; }

    public bool IsEmpty => calls.Count == 0;

    /// <summary>The operations the facts are made of: calls, creations, writes to fields and properties.</summary>
    public static bool IsObserved(IOperation operation) =>
        operation.Kind is OperationKind.Invocation or OperationKind.ObjectCreation or OperationKind.SimpleAssignment
            or OperationKind.FieldInitializer or OperationKind.PropertyInitializer;

    /// <summary>Records one operation; called while the facts are built, by one thread.</summary>
    public void Observe(IOperation operation)
    {
        writes.Record(operation);
        calls.AddRange(binder.Bind(operation));
    }

    /// <summary>A model for one rule (models cache what that rule asks; the facts are shared and read-only by now).</summary>
    public SocketTypeModel Freeze()
    {
        var ordered = calls
            .OrderBy(call => call.Syntax, SourceOrder.Instance)
            .ToImmutableArray();
        return new SocketTypeModel(Type, ordered, new ValueIdentityResolver(binder, writes));
    }

    private sealed class SourceOrder : IComparer<SyntaxNode>
    {
        public static readonly SourceOrder Instance = new();

        public int Compare(SyntaxNode? x, SyntaxNode? y) => OperationExtensions.CompareSourceOrder(x!, y!);
    }
}
