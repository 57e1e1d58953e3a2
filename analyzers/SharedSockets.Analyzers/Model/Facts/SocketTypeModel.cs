using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// What the rules see of one type, built once and shared by all of them (<see cref="TypeModels"/>): its
/// socket API uses in source order, its writes, which uses act on the same socket or descriptor
/// (<see cref="Resolver"/>), the order calls can run in (<see cref="Order"/>), and the facts derived from
/// those, each computed the first time a rule asks. Every member may be read from several threads.
/// </summary>
internal sealed class SocketTypeModel
{
    private readonly Dictionary<IOperation, ImmutableArray<SocketCall>> callsByOperation = new();
    private readonly Lazy<SocketSharing> sharing;
    private readonly Lazy<SocketDuplications> duplications;
    private readonly Lazy<RegistrationTimeline> registrations;
    private readonly Lazy<DescriptorLifetimes> lifetimes;
    private readonly Lazy<ImmutableArray<SocketObjectUse>> objectUses;
    private readonly ConcurrentDictionary<object, Lazy<object>> memos = new();

    public SocketTypeModel(INamedTypeSymbol type, ImmutableArray<IOperation> bodies, ImmutableArray<SocketCall> calls, WriteIndex writes, SocketTypes types)
    {
        Type = type;
        Bodies = bodies;
        Calls = calls;
        Writes = writes;
        Types = types;
        foreach (var call in calls)
        {
            callsByOperation[call.Operation] = callsByOperation.TryGetValue(call.Operation, out var known) ? known.Add(call) : ImmutableArray.Create(call);
        }

        Resolver = new ValueIdentityResolver(this);
        Order = new ExecutionOrder(calls);
        sharing = Once(() => new SocketSharing(this));
        duplications = Once(() => new SocketDuplications(this));
        registrations = Once(() => new RegistrationTimeline(this));
        lifetimes = Once(() => new DescriptorLifetimes(this));
        objectUses = Once(() => bodies.SelectMany(body => SocketObjectUses.In(body, types)).ToImmutableArray());
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>The type's executable bodies (methods, accessors, initializers), its generated parts left out.</summary>
    public ImmutableArray<IOperation> Bodies { get; }

    /// <summary>Every recognised API use of the type, ordered by file and position.</summary>
    public ImmutableArray<SocketCall> Calls { get; }

    public bool IsEmpty => Calls.IsEmpty;

    /// <summary>Every write to a local, parameter, field or property in the type's code.</summary>
    public WriteIndex Writes { get; }

    public SocketTypes Types { get; }

    public ValueIdentityResolver Resolver { get; }

    /// <summary>Whether one call (or place) can run before another.</summary>
    public ExecutionOrder Order { get; }

    /// <summary>Which sockets have other holders, and the evidence.</summary>
    public SocketSharing Sharing => sharing.Value;

    /// <summary>The type's duplications and the registrations on descriptors built from protocol infos.</summary>
    public SocketDuplications Duplications => duplications.Value;

    /// <summary>Each socket's event registrations over time: which one is in force at a call.</summary>
    public RegistrationTimeline Registrations => registrations.Value;

    /// <summary>When descriptors are released (closed, handed off).</summary>
    public DescriptorLifetimes Lifetimes => lifetimes.Value;

    /// <summary>Every place the type's code uses a <c>Socket</c> object (a member called or read, or the object passed on).</summary>
    public ImmutableArray<SocketObjectUse> ObjectUses => objectUses.Value;

    /// <summary>The API uses an operation of the type performs (empty when none): binding is never done twice.</summary>
    public ImmutableArray<SocketCall> CallsAt(IOperation operation) =>
        callsByOperation.TryGetValue(operation, out var calls) ? calls : ImmutableArray<SocketCall>.Empty;

    /// <summary>The socket a call acts on, or null when the call has no socket argument.</summary>
    public ValueIdentity? SocketOf(SocketCall call) =>
        call[ArgumentRole.Socket] is { } socket ? Resolver.Resolve(socket) : null;

    /// <summary>The descriptor or Socket object a call acts on (a duplicate is another descriptor of the same socket).</summary>
    public ValueIdentity? DescriptorOf(SocketCall call) =>
        call[ArgumentRole.Socket] is { } socket ? Resolver.ResolveDescriptor(socket) : null;

    /// <summary>The calls of the given kinds, grouped by the socket they act on (calls on NULL are dropped).</summary>
    public Dictionary<ValueIdentity, List<SocketCall>> BySocket(params SocketOperationKind[] kinds)
    {
        var groups = new Dictionary<ValueIdentity, List<SocketCall>>();
        foreach (var call in Calls)
        {
            if (Array.IndexOf(kinds, call.Kind) < 0 || SocketOf(call) is not { Kind: not IdentityKind.Null } socket)
            {
                continue;
            }

            if (!groups.TryGetValue(socket, out var list))
            {
                list = new List<SocketCall>();
                groups[socket] = list;
            }

            list.Add(call);
        }

        return groups;
    }

    /// <summary>
    /// A rule's own result for this type, computed once however many passes ask (a rule with a per-type
    /// and a cross-type pass); <paramref name="key"/> is the rule's private key object.
    /// </summary>
    public T Memo<T>(object key, Func<SocketTypeModel, T> compute)
        where T : class =>
        (T)memos.GetOrAdd(key, _ => new Lazy<object>(() => compute(this), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static Lazy<T> Once<T>(Func<T> create) => new(create, LazyThreadSafetyMode.ExecutionAndPublication);
}
