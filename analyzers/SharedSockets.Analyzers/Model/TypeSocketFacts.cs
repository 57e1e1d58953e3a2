using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Everything one type does with sockets, gathered by operation actions while its members are
/// analysed (concurrently), then frozen into a <see cref="SocketTypeModel"/> at the type's end.
/// One instance serves every rule (see <see cref="TypeFactsRegistry"/>): each rule's operation
/// action visits every operation, the first visit records it, the others only see it is taken.
/// </summary>
internal sealed class TypeSocketFacts
{
    private readonly SocketCallBinder binder;
    private readonly ConcurrentQueue<SocketCall> calls = new();
    private readonly TypeWrites writes = new();
    private readonly ConcurrentDictionary<(SyntaxNode Syntax, OperationKind Kind, bool IsImplicit), byte> recorded = new();
    private int visitsInFlight;

    public TypeSocketFacts(INamedTypeSymbol type, SocketCallBinder binder)
    {
        Type = type;
        this.binder = binder;
    }

    public INamedTypeSymbol Type { get; }

    public static readonly ImmutableArray<OperationKind> ObservedKinds = ImmutableArray.Create(
        OperationKind.Invocation,
        OperationKind.ObjectCreation,
        OperationKind.SimpleAssignment,
        OperationKind.FieldInitializer,
        OperationKind.PropertyInitializer);

    public void Observe(OperationAnalysisContext context)
    {
        var operation = context.Operation;

        // Counted before the claim: a rule that finds the operation taken and reaches its symbol end
        // first still waits (WaitForVisits) until the claimant has recorded it.
        Interlocked.Increment(ref visitsInFlight);
        try
        {
            // Keyed by syntax, not by operation instance: a cancelled analysis pass that resumes with a
            // new semantic model hands out new instances of the same operations, which are not new facts.
            if (!recorded.TryAdd((operation.Syntax, operation.Kind, operation.IsImplicit), 0))
            {
                return;
            }

            writes.Record(operation);
            foreach (var call in binder.Bind(operation))
            {
                calls.Enqueue(call);
            }
        }
        finally
        {
            Interlocked.Decrement(ref visitsInFlight);
        }
    }

    /// <summary>
    /// The model, for a rule whose operation actions on this type have all run: every operation of the
    /// type has then been visited by that rule, so once no other rule is still recording one, the facts are complete.
    /// </summary>
    public SocketTypeModel Freeze()
    {
        WaitForVisits();
        var ordered = calls
            .OrderBy(call => call.Syntax, SourceOrder.Instance)
            .ToImmutableArray();
        return new SocketTypeModel(Type, ordered, new ValueIdentityResolver(binder, writes));
    }

    /// <summary>Whether the type uses no socket API (valid after <see cref="Freeze"/>'s wait).</summary>
    public bool IsEmpty
    {
        get
        {
            WaitForVisits();
            return calls.IsEmpty;
        }
    }

    // A recording never waits on anything, so this ends as soon as the other threads' visits do.
    private void WaitForVisits()
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref visitsInFlight) != 0)
        {
            spinner.SpinOnce();
        }
    }

    private sealed class SourceOrder : IComparer<SyntaxNode>
    {
        public static readonly SourceOrder Instance = new();

        public int Compare(SyntaxNode? x, SyntaxNode? y) => OperationExtensions.CompareSourceOrder(x!, y!);
    }
}
