using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>Why a socket has holders besides the descriptor a call uses.</summary>
internal enum SharingKind
{
    /// <summary><c>WSADuplicateSocket</c> (or <c>DuplicateAndClose</c>) made a descriptor for another process.</summary>
    Duplicated,

    /// <summary>Another descriptor or <c>Socket</c> object of the same socket is used in the type.</summary>
    Aliased,

    /// <summary>Adopted from a handle this process did not create: a passed-in or inherited handle.</summary>
    Adopted,
}

/// <summary>One fact that makes a socket shared, with the code that shows it.</summary>
internal sealed class SharingEvidence
{
    public SharingEvidence(SharingKind kind, SyntaxNode syntax, SocketCall? call)
    {
        Kind = kind;
        Syntax = syntax;
        Call = call;
    }

    public SharingKind Kind { get; }

    /// <summary>The duplication, the other descriptor's call or creation, or the adopted handle.</summary>
    public SyntaxNode Syntax { get; }

    /// <summary>The socket call behind the evidence, when there is one (not for a parsed handle).</summary>
    public SocketCall? Call { get; }

    public Location Location => Syntax.GetLocation();

    public string Display => Syntax.ToDisplayText();
}

/// <summary>
/// Which sockets of a type have other holders ([doc] all state of a socket is held in common by its
/// descriptors; <c>shutdown</c>, options and blocking mode act for every holder): duplicated with
/// <c>WSADuplicateSocket</c>/<c>DuplicateAndClose</c>, used through two descriptors or <c>Socket</c>
/// objects, or adopted from a handle this process did not create (<c>new SafeSocketHandle(h, false)</c>
/// over a parameter or field, or any handle parsed from the command line, a file or the environment).
/// Built from the type's calls; a query is a dictionary lookup.
/// </summary>
internal sealed class SocketSharing
{
    private readonly SocketTypeModel model;
    private readonly Dictionary<ValueIdentity, List<SharingEvidence>> evidence = new();
    private readonly Dictionary<ValueIdentity, List<(ValueIdentity Descriptor, SocketCall Call)>> descriptors = new();
    private readonly Dictionary<ValueIdentity, SyntaxNode?> inherited = new();
    private readonly HashSet<SyntaxNode> seen = new();

    /// <summary>Built once per type model (<see cref="SocketTypeModel.Sharing"/>).</summary>
    public SocketSharing(SocketTypeModel model)
    {
        this.model = model;
        var created = new HashSet<SyntaxNode>();
        foreach (var call in model.Calls)
        {
            if (call.Kind is SocketOperationKind.CreateSocket or SocketOperationKind.Accept)
            {
                created.Add(call.Syntax);
            }
        }

        foreach (var call in model.Calls)
        {
            Observe(call, created);
        }
    }

    /// <summary>Every fact that makes <paramref name="socket"/> shared, in source order of the calls.</summary>
    public IReadOnlyList<SharingEvidence> EvidenceFor(ValueIdentity socket) =>
        evidence.TryGetValue(socket, out var list) ? list : (IReadOnlyList<SharingEvidence>)System.Array.Empty<SharingEvidence>();

    public bool IsShared(ValueIdentity socket) => evidence.ContainsKey(socket) || AliasFor(socket, null) is not null;

    /// <summary>
    /// The first fact that makes the socket of <paramref name="call"/> shared when the call runs: a
    /// duplication that can precede it (one in the same body only when it can run before), another
    /// descriptor of the socket, or an adoption. Null for an unshared socket.
    /// </summary>
    public SharingEvidence? EvidenceFor(SocketCall call, System.Func<SharingEvidence, bool>? accept = null)
    {
        if (model.SocketOf(call) is not { Kind: not IdentityKind.Null } socket)
        {
            return null;
        }

        var descriptor = model.DescriptorOf(call);
        var given = accept;
        accept = fact => !IsHandedOffBefore(fact, call, descriptor) && (given is null || given(fact));

        var facts = EvidenceFor(socket);

        // The nearest duplication written before the call in its body first: the one a reader looks
        // at, and the cheapest order question on a long method.
        for (var index = facts.Count - 1; index >= 0; index--)
        {
            var fact = facts[index];
            if (IsEarlierInBody(fact, call) && (accept is null || accept(fact)) && model.Order.CanRunBefore(fact.Call!, call))
            {
                return fact;
            }
        }

        foreach (var fact in facts)
        {
            if (IsEarlierInBody(fact, call) || (accept is not null && !accept(fact)))
            {
                continue;
            }

            if (fact.Kind != SharingKind.Duplicated || fact.Call is not { } duplicate || CanPrecede(duplicate, call))
            {
                return fact;
            }
        }

        return AliasFor(socket, model.DescriptorOf(call));
    }

    /// <summary>
    /// A hand-off (a duplication followed by the release of the duplicated descriptor) shares the socket
    /// with that descriptor only between the two, in the hand-off's body: before it the socket was not
    /// shared, after it this descriptor is closed. Other descriptors of the socket share it from then on.
    /// </summary>
    private bool IsHandedOffBefore(SharingEvidence fact, SocketCall call, ValueIdentity? descriptor)
    {
        if (fact is not { Kind: SharingKind.Duplicated, Call: { } duplication }
            || model.Lifetimes.HandOffReleaseOf(duplication) is not { } release
            || !Equals(model.DescriptorOf(duplication), descriptor))
        {
            return false;
        }

        // A helper that shuts down and closes (`Release(s)`) does both at one call site: the shutdown comes first.
        var between = release != duplication
                      && duplication.Root == call.Root
                      && model.Order.CanRunBefore(duplication, call)
                      && (release.Operation == call.Operation || model.Order.CanRunBefore(call, release));
        return !between;
    }

    private static bool IsEarlierInBody(SharingEvidence fact, SocketCall call) =>
        fact is { Kind: SharingKind.Duplicated, Call: { } duplicate }
        && duplicate.Root == call.Root
        && duplicate.Syntax.SpanStart < call.Syntax.SpanStart;

    /// <summary>A call on another descriptor of <paramref name="socket"/> than <paramref name="descriptor"/> (any other when null).</summary>
    public SharingEvidence? AliasFor(ValueIdentity socket, ValueIdentity? descriptor)
    {
        if (!descriptors.TryGetValue(socket, out var uses))
        {
            return null;
        }

        var first = uses[0].Descriptor;
        foreach (var (other, call) in uses)
        {
            if (descriptor is not null ? !other.Equals(descriptor) : !other.Equals(first))
            {
                return new SharingEvidence(SharingKind.Aliased, call.Syntax, call);
            }
        }

        return null;
    }

    private bool CanPrecede(SocketCall earlier, SocketCall later) =>
        earlier.Root != later.Root || model.Order.CanRunBefore(earlier, later);

    private void Observe(SocketCall call, HashSet<SyntaxNode> created)
    {
        switch (call.Kind)
        {
            case SocketOperationKind.DuplicateSocket or SocketOperationKind.DuplicateAndClose when model.SocketOf(call) is { Kind: not IdentityKind.Null } socket:
                Add(socket, new SharingEvidence(SharingKind.Duplicated, call.Syntax, call));
                break;
            case SocketOperationKind.AdoptHandle when call[ArgumentRole.Handle] is { } handle:
                ObserveAdoption(call, handle, created);
                break;
        }

        if (model.SocketOf(call) is { Kind: not IdentityKind.Null } used)
        {
            RecordDescriptor(used, model.DescriptorOf(call)!, call);
            if (InheritedHandle(used, created) is { } parsed)
            {
                Add(used, new SharingEvidence(SharingKind.Adopted, parsed, call: null));
            }
        }
    }

    private void ObserveAdoption(SocketCall call, IOperation handle, HashSet<SyntaxNode> created)
    {
        var source = model.Resolver.Resolve(handle);
        if (source.Kind == IdentityKind.Null)
        {
            return;
        }

        if (!call.Has(ArgumentRole.OwnsHandle))
        {
            // new Socket(original.SafeHandle) or new Socket(new SafeSocketHandle(original.Handle, …)):
            // a second Socket object holds the descriptor the first one still holds.
            var wrapped = handle.WithoutConversions();
            if (wrapped is IObjectCreationOperation { Arguments.Length: > 0 } inner && IsSafeSocketHandle(inner.Type))
            {
                wrapped = inner.Arguments[0].Value;
            }

            if (IsHandleOfSocket(wrapped))
            {
                RecordDescriptor(source, model.Resolver.ResolveDescriptor(wrapped), call);
                RecordDescriptor(source, model.Resolver.ResolveDescriptor(call.Operation), call);
            }

            return;
        }

        if (IsHandleOfSocket(handle))
        {
            return;
        }

        // ownsHandle: false over a handle not created here: whoever passed it in still holds it.
        var ownsHandle = call[ArgumentRole.OwnsHandle]!.ConstantValue;
        var borrowed = ownsHandle is { HasValue: true, Value: false } && !IsCreatedHere(source, created);
        if (borrowed || InheritedHandle(source, created) is not null)
        {
            Add(source, new SharingEvidence(SharingKind.Adopted, call.Syntax, call));
        }
    }

    private void RecordDescriptor(ValueIdentity socket, ValueIdentity descriptor, SocketCall call)
    {
        if (!descriptors.TryGetValue(socket, out var list))
        {
            list = new List<(ValueIdentity, SocketCall)>();
            descriptors[socket] = list;
        }

        list.Add((descriptor, call));
    }

    private void Add(ValueIdentity socket, SharingEvidence fact)
    {
        if (!evidence.TryGetValue(socket, out var list))
        {
            list = new List<SharingEvidence>();
            evidence[socket] = list;
        }

        if (seen.Add(fact.Syntax))
        {
            list.Add(fact);
        }
    }

    private SyntaxNode? InheritedHandle(ValueIdentity source, HashSet<SyntaxNode> created)
    {
        if (!inherited.TryGetValue(source, out var origin))
        {
            origin = IsInheritedHandle(source, created);
            inherited[source] = origin;
        }

        return origin;
    }

    private static bool IsCreatedHere(ValueIdentity source, HashSet<SyntaxNode> created) =>
        source.Kind == IdentityKind.Creation && source.Root is SyntaxNode syntax && created.Contains(syntax);

    private static bool IsHandleOfSocket(IOperation handle)
    {
        var value = handle.WithoutConversions();
        if (value is IInvocationOperation { TargetMethod.Name: "DangerousGetHandle", Instance: { } owner })
        {
            value = owner.WithoutConversions();
        }

        return value is IPropertyReferenceOperation { Property.Name: "Handle" or "SafeHandle", Instance: { } instance }
               && IsSocketType(instance.Type);
    }

    private static bool IsSocketType(ITypeSymbol? type) => IsSocketsType(type, "Socket");

    private static bool IsSafeSocketHandle(ITypeSymbol? type) => IsSocketsType(type, "SafeSocketHandle");

    private static bool IsSocketsType(ITypeSymbol? type, string name) =>
        type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == "System.Net.Sockets";

    /// <summary>
    /// The place a handle value was read from outside the process's own creations: the command line,
    /// a file, the environment, standard input (how inherited handles are passed on). Null otherwise.
    /// </summary>
    private static SyntaxNode? IsInheritedHandle(ValueIdentity source, HashSet<SyntaxNode> created)
    {
        if (source.Kind != IdentityKind.Creation || source.Root is not SyntaxNode syntax || created.Contains(syntax))
        {
            return null;
        }

        // `out var raw` of long.TryParse(args[0], out raw): look at the call that wrote it.
        var scope = syntax is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax writer } ? writer : syntax;
        foreach (var node in scope.DescendantNodesAndSelf())
        {
            var name = node switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Name.Identifier.ValueText,
                InvocationExpressionSyntax { Expression: IdentifierNameSyntax identifier } => identifier.Identifier.ValueText,
                _ => null,
            };
            if (name is not null && ExternalSourceNames.Contains(name))
            {
                return scope;
            }

            if (node is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "args" } })
            {
                return scope;
            }
        }

        return null;
    }

    private static readonly HashSet<string> ExternalSourceNames = new(System.StringComparer.Ordinal)
    {
        "GetCommandLineArgs", "ReadAllText", "ReadAllLines", "ReadAllBytes", "ReadLine", "ReadToEnd",
        "GetEnvironmentVariable", "Parse", "TryParse", "ToInt64", "ToInt32",
    };
}
