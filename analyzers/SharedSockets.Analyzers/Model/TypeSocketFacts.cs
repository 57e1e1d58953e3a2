using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Everything one type does with sockets, gathered by operation actions while its members are
/// analysed (concurrently), then frozen into a <see cref="SocketTypeModel"/> at the type's end.
/// </summary>
internal sealed class TypeSocketFacts
{
    private readonly SocketCallBinder binder;
    private readonly ConcurrentQueue<SocketCall> calls = new();
    private readonly TypeWrites writes = new();

    public TypeSocketFacts(INamedTypeSymbol type, SocketCallBinder binder)
    {
        Type = type;
        this.binder = binder;
    }

    public INamedTypeSymbol Type { get; }

    public bool IsEmpty => calls.IsEmpty;

    public static readonly ImmutableArray<OperationKind> ObservedKinds = ImmutableArray.Create(
        OperationKind.Invocation,
        OperationKind.ObjectCreation,
        OperationKind.SimpleAssignment,
        OperationKind.FieldInitializer,
        OperationKind.PropertyInitializer);

    public void Observe(OperationAnalysisContext context)
    {
        var operation = context.Operation;
        writes.Record(operation);
        foreach (var call in binder.Bind(operation))
        {
            calls.Enqueue(call);
        }
    }

    public SocketTypeModel Freeze()
    {
        var ordered = calls
            .OrderBy(call => call.Syntax, SourceOrder.Instance)
            .ToImmutableArray();
        return new SocketTypeModel(Type, ordered, new ValueIdentityResolver(binder, writes));
    }

    private sealed class SourceOrder : System.Collections.Generic.IComparer<SyntaxNode>
    {
        public static readonly SourceOrder Instance = new();

        public int Compare(SyntaxNode? x, SyntaxNode? y) => OperationExtensions.CompareSourceOrder(x!, y!);
    }
}
