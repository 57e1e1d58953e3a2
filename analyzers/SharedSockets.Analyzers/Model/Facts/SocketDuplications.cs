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
/// (and the parent's) registrations cancel each other. Computed once per type model.
/// </summary>
internal sealed class SocketDuplications
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SocketTypeModel, SocketDuplications> Cache = new();

    private SocketDuplications(ImmutableArray<Duplication> duplications, ImmutableArray<ProtocolInfoRegistration> registrations)
    {
        Duplications = duplications;
        Registrations = registrations;
    }

    public ImmutableArray<Duplication> Duplications { get; }

    public ImmutableArray<ProtocolInfoRegistration> Registrations { get; }

    public static SocketDuplications Of(SocketTypeModel model) => Cache.GetValue(model, Build);

    /// <summary>The struct a protocol info argument has (through <c>out</c>, <c>ref</c>, <c>in</c> or a pointer).</summary>
    public static ITypeSymbol? InfoTypeOf(SocketCall call)
    {
        var type = call[ArgumentRole.ProtocolInfo]?.WithoutConversions().Type;
        return type is IPointerTypeSymbol pointer ? pointer.PointedAtType : type;
    }

    private static SocketDuplications Build(SocketTypeModel model)
    {
        var duplications = ImmutableArray.CreateBuilder<Duplication>();
        var creations = new Dictionary<SyntaxNode, SocketCall>();
        foreach (var call in model.Calls)
        {
            if (call.Kind == SocketOperationKind.DuplicateSocket && model.SocketOf(call) is { Kind: not IdentityKind.Null } socket)
            {
                duplications.Add(new Duplication(call, socket, model.DescriptorOf(call)!, InfoTypeOf(call)) { InLoop = RunsInLoop(call.Syntax) });
            }
            else if (call.Kind == SocketOperationKind.CreateSocket && call[ArgumentRole.ProtocolInfo] is { } info && !info.IsNullOrZero())
            {
                creations[call.Syntax] = call;
            }
        }

        if (duplications.Count == 0 && creations.Count == 0)
        {
            return new SocketDuplications(ImmutableArray<Duplication>.Empty, ImmutableArray<ProtocolInfoRegistration>.Empty);
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

        return new SocketDuplications(duplications.ToImmutable(), registrations.ToImmutable());
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
        var infoSymbol = StorageOf(info);
        var infoSocket = model.Resolver.Resolve(info);
        foreach (var duplication in duplications)
        {
            if (infoSocket.Equals(duplication.Socket)
                || (infoSymbol is not null && duplication.Call[ArgumentRole.ProtocolInfo] is { } filled
                    && SymbolEqualityComparer.Default.Equals(infoSymbol, StorageOf(filled))))
            {
                return duplication;
            }
        }

        return null;
    }

    /// <summary>The local, field or parameter a protocol info lives in (<c>out var info</c>, <c>ref info</c>, <c>&amp;info</c>).</summary>
    private static ISymbol? StorageOf(IOperation info) => info.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    /// <summary>
    /// Inside a loop's repeated part (not a <c>for</c> initializer or a <c>foreach</c> collection), or in a
    /// lambda given to <c>ForEach</c>/<c>Parallel.For</c>/<c>Select</c>; local functions and other
    /// lambdas end the search (they run on their own schedule).
    /// </summary>
    internal static bool RunsInLoop(SyntaxNode node)
    {
        for (var child = node; child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case ForStatementSyntax @for when child == @for.Statement || child == @for.Condition || (child is ExpressionSyntax step && @for.Incrementors.Contains(step)):
                case CommonForEachStatementSyntax forEach when child == forEach.Statement:
                case WhileStatementSyntax or DoStatementSyntax:
                    return true;
                case AnonymousFunctionExpressionSyntax when IsIterationCallback(parent):
                    return true;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool IsIterationCallback(SyntaxNode lambda) =>
        lambda.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation }
        && invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            _ => null,
        } is "ForEach" or "For" or "Select" or "SelectMany" or "ForEachAsync";
}
