using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>One <c>WSADuplicateSocket</c> of a type, with what the rules need to know about it.</summary>
internal sealed class Duplication
{
    public Duplication(SocketCall call, ValueIdentity socket, ValueIdentity sourceDescriptor, ITypeSymbol? infoType)
    {
        Call = call;
        Socket = socket;
        SourceDescriptor = sourceDescriptor;
        InfoType = infoType;
    }

    public SocketCall Call { get; }

    /// <summary>The socket duplicated.</summary>
    public ValueIdentity Socket { get; }

    /// <summary>The descriptor the source process keeps (the one passed to WSADuplicateSocket).</summary>
    public ValueIdentity SourceDescriptor { get; }

    /// <summary>The <c>WSAPROTOCOL_INFO</c> struct type it fills, or null when unknown.</summary>
    public ITypeSymbol? InfoType { get; }

    /// <summary>True when it runs in a loop: one duplicate per pass, i.e. for several processes.</summary>
    public bool InLoop { get; set; }

    /// <summary>Another duplication of the same socket for another process, when there is one.</summary>
    public SocketCall? OtherDuplicate { get; set; }

    public bool IsForSeveralProcesses => InLoop || OtherDuplicate is not null;

    /// <summary>For the current process (<see cref="CurrentProcess"/>): another descriptor here, not a hand-off.</summary>
    public bool IsInProcess { get; set; }
}

/// <summary>An event registration on a descriptor built from a protocol info (<c>WSASocket(FROM_PROTOCOL_INFO, …, ref info, …)</c>).</summary>
internal sealed class ProtocolInfoRegistration
{
    public ProtocolInfoRegistration(SocketCall registration, SocketCall creation, Duplication? duplication, ITypeSymbol? infoType)
    {
        Registration = registration;
        Creation = creation;
        Duplication = duplication;
        InfoType = infoType;
    }

    public SocketCall Registration { get; }

    public SocketCall Creation { get; }

    /// <summary>The duplication of this type that filled the info, or null when the info came from elsewhere (a worker).</summary>
    public Duplication? Duplication { get; }

    public ITypeSymbol? InfoType { get; }
}

/// <summary>
/// The duplications of a type and the descriptors built from protocol infos that register events:
/// the two sides of a pre-fork pool, where [doc] one registration per socket means the workers'
/// (and the parent's) registrations cancel each other.
/// </summary>
internal sealed class SocketDuplications
{
    /// <summary>Built once per type model (<see cref="SocketTypeModel.Duplications"/>).</summary>
    public SocketDuplications(SocketTypeModel model)
    {
        (Duplications, Registrations) = Build(model);
    }

    public ImmutableArray<Duplication> Duplications { get; }

    public ImmutableArray<ProtocolInfoRegistration> Registrations { get; }

    /// <summary>The struct a protocol info argument has (through <c>out</c>, <c>ref</c>, <c>in</c> or a pointer).</summary>
    public static ITypeSymbol? InfoTypeOf(SocketCall call)
    {
        var type = call[ArgumentRole.ProtocolInfo]?.WithoutConversions().Type;
        return type is IPointerTypeSymbol pointer ? pointer.PointedAtType : type;
    }

    private static (ImmutableArray<Duplication>, ImmutableArray<ProtocolInfoRegistration>) Build(SocketTypeModel model)
    {
        var duplications = ImmutableArray.CreateBuilder<Duplication>();
        var creations = new Dictionary<SyntaxNode, SocketCall>();
        foreach (var call in model.Calls)
        {
            if (call.Kind == SocketOperationKind.DuplicateSocket && model.SocketOf(call) is { Kind: not IdentityKind.Null } socket)
            {
                duplications.Add(new Duplication(call, socket, model.DescriptorOf(call)!, InfoTypeOf(call)) {
                    InLoop = LoopStatements.RunsInLoop(call.Syntax),
                    IsInProcess = call[ArgumentRole.ProcessId] is { } processId && CurrentProcess.IsCurrentProcessId(processId, model),
                });
            }
            else if (call.Kind == SocketOperationKind.CreateSocket && call[ArgumentRole.ProtocolInfo] is { } info && !info.IsNullOrZero())
            {
                creations[call.Syntax] = call;
            }
        }

        if (duplications.Count == 0 && creations.Count == 0)
        {
            return (ImmutableArray<Duplication>.Empty, ImmutableArray<ProtocolInfoRegistration>.Empty);
        }

        FindOtherDuplicates(duplications, model);
        var registrations = ImmutableArray.CreateBuilder<ProtocolInfoRegistration>();
        foreach (var call in model.Calls)
        {
            if (EventRegistrations.IsRegistration(call)
                && model.DescriptorOf(call) is { Kind: IdentityKind.Creation, Root: SyntaxNode created }
                && creations.TryGetValue(created, out var creation))
            {
                registrations.Add(new ProtocolInfoRegistration(call, creation, FillingDuplication(creation, duplications, model), InfoTypeOf(creation)));
            }
        }

        return (duplications.ToImmutable(), registrations.ToImmutable());
    }

    /// <summary>Two duplications of one socket for different process ids (not in exclusive branches).</summary>
    private static void FindOtherDuplicates(ImmutableArray<Duplication>.Builder duplications, SocketTypeModel model)
    {
        for (var i = 0; i < duplications.Count; i++)
        {
            var first = duplications[i];
            for (var j = 0; j < duplications.Count && first.OtherDuplicate is null; j++)
            {
                var second = duplications[j];
                if (i != j && first.Socket.Equals(second.Socket)
                    && !SameProcess(first.Call, second.Call, model)
                    && !BranchRelations.AreMutuallyExclusive(first.Call.Syntax, second.Call.Syntax))
                {
                    first.OtherDuplicate = second.Call;
                }
            }
        }
    }

    private static bool SameProcess(SocketCall left, SocketCall right, SocketTypeModel model)
    {
        if (left[ArgumentRole.ProcessId] is not { } leftId || right[ArgumentRole.ProcessId] is not { } rightId)
        {
            return true;
        }

        // `first.Id` and `second.Id` resolve to one property symbol: the text tells them apart.
        return model.Resolver.Resolve(leftId).Equals(model.Resolver.Resolve(rightId))
               && leftId.Syntax.ToDisplayText() == rightId.Syntax.ToDisplayText();
    }

    private static Duplication? FillingDuplication(SocketCall creation, ImmutableArray<Duplication>.Builder duplications, SocketTypeModel model)
    {
        var info = creation[ArgumentRole.ProtocolInfo]!;
        var infoSymbol = WriteIndex.StorageOf(info);
        var infoSocket = model.Resolver.Resolve(info);
        foreach (var duplication in duplications)
        {
            if (infoSocket.Equals(duplication.Socket)
                || (infoSymbol is not null && duplication.Call[ArgumentRole.ProtocolInfo] is { } filled
                    && SymbolEqualityComparer.Default.Equals(infoSymbol, WriteIndex.StorageOf(filled))))
            {
                return duplication;
            }
        }

        return null;
    }

}
