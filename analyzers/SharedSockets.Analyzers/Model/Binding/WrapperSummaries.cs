using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>What a project method does with sockets, when it wraps socket APIs itself.</summary>
internal readonly struct WrapperSummary
{
    public static readonly WrapperSummary None = new(null, ImmutableArray<SocketCall>.Empty, ImmutableArray<SocketCall>.Empty);

    public WrapperSummary(IMethodSymbol? method, ImmutableArray<SocketCall> calls, ImmutableArray<SocketCall> endingsOfOwnMembers)
    {
        Method = method;
        Calls = calls;
        EndingsOfOwnMembers = endingsOfOwnMembers;
    }

    /// <summary>The wrapper as analysed (the implementation part of a partial method).</summary>
    public IMethodSymbol? Method { get; }

    /// <summary>The API uses in the wrapper's body that take at least one argument from its parameters.</summary>
    public ImmutableArray<SocketCall> Calls { get; }

    /// <summary>
    /// The calls in its body that end something of its own object: close a descriptor, or clear a
    /// registration, held in a field or property (<c>void Close() =&gt; closesocket(_handle);</c>). They
    /// take effect where the method is called on the same object, so a caller's flow sees them there.
    /// Only endings: a call that could itself be reported stays reported in the method's own body.
    /// </summary>
    public ImmutableArray<SocketCall> EndingsOfOwnMembers { get; }

    public bool IsEmpty => Calls.IsEmpty && EndingsOfOwnMembers.IsEmpty;
}

/// <summary>
/// One level of the project's own wrappers: a source method whose body calls a socket API with its
/// own parameters (<c>static int Watch(IntPtr s, IntPtr e) =&gt; WSAEventSelect(s, e, FD_READ)</c>).
/// Computed once per method and compilation; a token scan rules out ordinary methods before any binding.
/// </summary>
internal sealed class WrapperSummaries
{
    private readonly Compilation compilation;
    private readonly SocketApiCatalog catalog;
    // How many of the object's own methods an ending is followed through (Close(int) → IDisposable.Dispose()
    // → Dispose(bool) → handle.Dispose() is three): deep enough for dispose patterns, and it bounds cycles.
    private const int MaxOwnCallDepth = 4;

    private readonly ConcurrentDictionary<IMethodSymbol, WrapperSummary> cache = new(SymbolEqualityComparer.Default);

    // The methods being summarised on this thread: a call back into one of them (a cycle) adds nothing.
    [System.ThreadStatic]
    private static List<IMethodSymbol>? inProgress;

    public WrapperSummaries(Compilation compilation, SocketApiCatalog catalog)
    {
        this.compilation = compilation;
        this.catalog = catalog;
    }

    public WrapperSummary Get(IMethodSymbol method)
    {
        var definition = method.OriginalDefinition;
        if (definition.IsExtern || definition.IsAbstract || definition.DeclaringSyntaxReferences.IsEmpty)
        {
            return WrapperSummary.None;
        }

        return cache.GetOrAdd(definition, Summarize);
    }

    private WrapperSummary Summarize(IMethodSymbol method)
    {
        var stack = inProgress ??= new List<IMethodSymbol>();
        stack.Add(method);
        try
        {
            return SummarizeBody(method);
        }
        finally
        {
            stack.RemoveAt(stack.Count - 1);
        }
    }

    private WrapperSummary SummarizeBody(IMethodSymbol method)
    {
        var implementation = method.PartialImplementationPart ?? method;
        foreach (var reference in implementation.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(CancellationToken.None);
            var body = GetBody(declaration);
            if (body is null || !MentionsSocketApi(body, method.ContainingType))
            {
                continue;
            }

            if (!compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                continue;
            }

#pragma warning disable RS1030 // The wrapper's body lives in another tree than the one being analysed; models are cached by the driver.
            var model = compilation.GetSemanticModel(body.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetOperation(declaration) is not { } root)
            {
                continue;
            }

            // Inner calls are bound directly only: wrappers are followed one level, never recursively.
            var binder = new SocketCallBinder(catalog, wrappers: null);
            var calls = ImmutableArray.CreateBuilder<SocketCall>();
            var endings = ImmutableArray.CreateBuilder<SocketCall>();
            foreach (var operation in root.Descendants())
            {
                foreach (var call in binder.Bind(operation))
                {
                    if (ForwardsAParameter(call, implementation))
                    {
                        calls.Add(call);
                    }
                    else if (EndsAnOwnMember(call))
                    {
                        endings.Add(call);
                    }
                }

                if (operation is IInvocationOperation { Instance: var instance } own
                    && (instance is null || instance.WithoutConversions() is IInstanceReferenceOperation)
                    && OwnImplementation(own.TargetMethod, implementation.ContainingType) is { } callee)
                {
                    endings.AddRange(EndingsThrough(callee));
                }
            }

            if (calls.Count > 0 || endings.Count > 0)
            {
                return new WrapperSummary(implementation, calls.ToImmutable(), endings.ToImmutable());
            }
        }

        return WrapperSummary.None;
    }

    private static SyntaxNode? GetBody(SyntaxNode declaration) => declaration switch
    {
        BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
        LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
        _ => null,
    };

    /// <summary>
    /// A role taken from one of the wrapper's parameters, or from a member of one
    /// (<c>TransferConnection(ClientManager client) { client.ClientSocket.DuplicateAndClose(pid); }</c>).
    /// </summary>
    private static bool ForwardsAParameter(SocketCall call, IMethodSymbol wrapper)
    {
        foreach (ArgumentRole role in System.Enum.GetValues(typeof(ArgumentRole)))
        {
            var value = call[role]?.WithoutConversions();
            while (value is IMemberReferenceOperation { Instance: { } instance })
            {
                value = instance.WithoutConversions();
            }

            if (value is IParameterReferenceOperation { Parameter.ContainingSymbol: var owner }
                && SymbolEqualityComparer.Default.Equals(owner, wrapper))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The endings of an own method called from a summary being built, one level deeper.</summary>
    private ImmutableArray<SocketCall> EndingsThrough(IMethodSymbol callee)
    {
        var stack = inProgress ??= new List<IMethodSymbol>();
        if (stack.Count >= MaxOwnCallDepth || stack.Contains(callee, SymbolEqualityComparer.Default))
        {
            return ImmutableArray<SocketCall>.Empty;
        }

        return Get(callee).EndingsOfOwnMembers;
    }

    /// <summary>
    /// The source method of <paramref name="type"/> that a call on <c>this</c> runs: the method itself, or
    /// the type's implementation of an interface method (<c>((IDisposable)this).Dispose()</c>).
    /// </summary>
    private static IMethodSymbol? OwnImplementation(IMethodSymbol target, INamedTypeSymbol type)
    {
        var method = target.ContainingType.TypeKind == TypeKind.Interface
            ? type.FindImplementationForInterfaceMember(target) as IMethodSymbol
            : target;
        return method is { IsAbstract: false, IsExtern: false, DeclaringSyntaxReferences.IsEmpty: false } ? method : null;
    }

    /// <summary>A close, or a clearing registration, of a descriptor held in a field or property of the object itself.</summary>
    private static bool EndsAnOwnMember(SocketCall call) =>
        (call.Kind == SocketOperationKind.Close || EventRegistrations.IsClearing(call))
        && call[ArgumentRole.Socket] is { } socket
        && WriteIndex.StorageOf(socket) is { Kind: SymbolKind.Field or SymbolKind.Property };

    /// <summary>Cheap pre-check: the body names a known socket API, or an import declared beside the wrapper.</summary>
    private static bool MentionsSocketApi(SyntaxNode body, INamedTypeSymbol containingType)
    {
        foreach (var token in body.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && IsSocketApiName(token.ValueText, containingType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSocketApiName(string name, INamedTypeSymbol containingType)
    {
        if (NativeSocketApis.DeclarationNames.Contains(name) || ManagedSocketApis.MemberNames.Contains(name) || ManagedSocketApis.ReleaseNames.Contains(name))
        {
            return true;
        }

        // Renamed imports ([DllImport(EntryPoint = "WSAEventSelect")] static extern int Select(...)) declared in the same type.
        foreach (var member in containingType.GetMembers(name))
        {
            if (member is IMethodSymbol { IsExtern: true } or IMethodSymbol { IsPartialDefinition: true })
            {
                return true;
            }
        }

        return false;
    }
}
