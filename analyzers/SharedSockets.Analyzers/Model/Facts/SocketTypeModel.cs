using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// What the rules see of one type: its socket API uses in source order, and the resolver that says
/// which of them act on the same underlying socket (or use the same event object).
/// </summary>
internal sealed class SocketTypeModel
{
    public SocketTypeModel(INamedTypeSymbol type, ImmutableArray<SocketCall> calls, ValueIdentityResolver resolver)
    {
        Type = type;
        Calls = calls;
        Resolver = resolver;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>Every recognised API use of the type, ordered by file and position.</summary>
    public ImmutableArray<SocketCall> Calls { get; }

    public ValueIdentityResolver Resolver { get; }

    /// <summary>Control-flow order inside bodies, for rules about what happens after a call.</summary>
    public ExecutionOrder Order { get; } = new();

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
            if (System.Array.IndexOf(kinds, call.Kind) < 0 || SocketOf(call) is not { Kind: not IdentityKind.Null } socket)
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
}
