using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// One <see cref="SocketTypeModel"/> per type for all the rules of a compilation: the first rule to ask
/// builds it in one walk of the type's operations (its socket calls and its writes), the others wait for
/// that and share it.
/// </summary>
internal sealed class TypeModels
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, Lazy<SocketTypeModel>> models = new(SymbolEqualityComparer.Default);
    private readonly SocketCallBinder binder;

    public TypeModels(SocketCallBinder binder) => this.binder = binder;

    /// <param name="modelOf">The semantic model of each tree the type is declared in.</param>
    public SocketTypeModel Of(INamedTypeSymbol type, Func<SyntaxTree, SemanticModel> modelOf, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = models.GetOrAdd(type, t => new Lazy<SocketTypeModel>(() => Build(t, modelOf, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch (OperationCanceledException)
            {
                // A cancelled build is not a result: drop it, and build again unless this request is the one cancelled.
                ((ICollection<KeyValuePair<INamedTypeSymbol, Lazy<SocketTypeModel>>>)models).Remove(new KeyValuePair<INamedTypeSymbol, Lazy<SocketTypeModel>>(type, lazy));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private SocketTypeModel Build(INamedTypeSymbol type, Func<SyntaxTree, SemanticModel> modelOf, CancellationToken cancellationToken)
    {
        var calls = new List<SocketCall>();
        var writes = new WriteIndex();
        var bodies = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var root in TypeOperations.Of(type, modelOf, cancellationToken))
        {
            bodies.Add(root);
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var operation in root.DescendantsAndSelf())
            {
                writes.Record(operation);
                if (IsBound(operation))
                {
                    calls.AddRange(binder.Bind(operation));
                }
            }
        }

        writes.Complete();
        var ordered = calls.OrderBy(call => call.Syntax, SourceOrder.Instance).ToImmutableArray();
        return new SocketTypeModel(type, bodies.ToImmutable(), ordered, writes, binder.Apis.Types);
    }

    /// <summary>The operations that can be API uses: calls, creations, property assignments.</summary>
    private static bool IsBound(IOperation operation) =>
        operation.Kind is OperationKind.Invocation or OperationKind.ObjectCreation or OperationKind.SimpleAssignment;

    private sealed class SourceOrder : IComparer<SyntaxNode>
    {
        public static readonly SourceOrder Instance = new();

        public int Compare(SyntaxNode? x, SyntaxNode? y) => OperationExtensions.CompareSourceOrder(x!, y!);
    }
}
