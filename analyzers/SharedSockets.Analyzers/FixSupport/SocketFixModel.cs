using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.FixSupport;

/// <summary>
/// What a code fix may ask the socket model of a compilation: which API a method is, and which API uses
/// an operation makes. Fixes see the model only through this folder and the vocabulary types
/// (<see cref="SocketCall"/>, <see cref="SocketApi"/>, <see cref="ArgumentRole"/>, <see cref="SocketOperationKind"/>);
/// a metadata test keeps it that way.
/// </summary>
internal sealed class SocketFixModel
{
    private readonly SocketCompilation root;
    private readonly SocketCallBinder direct;

    private SocketFixModel(SocketCompilation root)
    {
        this.root = root;
        direct = new SocketCallBinder(root.Apis, wrappers: null);
    }

    public static SocketFixModel For(Compilation compilation) => new(SocketCompilation.For(compilation));

    /// <summary>The socket API <paramref name="method"/> is, or null.</summary>
    public SocketApi? Classify(IMethodSymbol method) => root.Apis.Classify(method);

    /// <summary>The API uses <paramref name="operation"/> makes, through the project's wrappers.</summary>
    public ImmutableArray<SocketCall> Bind(IOperation operation) => root.Binder.Bind(operation);

    /// <summary>The API uses <paramref name="operation"/> makes itself (a wrapper's call is not followed).</summary>
    public ImmutableArray<SocketCall> BindDirect(IOperation operation) => direct.Bind(operation);

    /// <summary>
    /// The other calls of the type that holds <paramref name="call"/> which act on the same socket (the model's
    /// identity: aliases, fields, handles and duplicates followed) and satisfy <paramref name="wanted"/>.
    /// Empty when the call is not one the type's model knows.
    /// </summary>
    public ImmutableArray<SocketCall> OnSameSocket(SemanticModel model, SyntaxNode call, Func<SocketCall, bool> wanted, CancellationToken cancellationToken)
    {
        if (model.GetEnclosingSymbol(call.SpanStart, cancellationToken)?.ContainingType is not { } type)
        {
            return ImmutableArray<SocketCall>.Empty;
        }

        var compilation = model.Compilation;
        var typeModel = root.Models.Of(type, tree => compilation.GetSemanticModel(tree), cancellationToken);
        var known = typeModel.Calls.FirstOrDefault(candidate => candidate.Syntax.SyntaxTree == call.SyntaxTree && candidate.Syntax.Span == call.Span);
        if (known is null || typeModel.SocketOf(known) is not { } socket)
        {
            return ImmutableArray<SocketCall>.Empty;
        }

        return typeModel.Calls
            .Where(candidate => candidate.Syntax != known.Syntax && wanted(candidate) && Equals(typeModel.SocketOf(candidate), socket))
            .ToImmutableArray();
    }

    /// <summary>A WSAEventSelect/WSAAsyncSelect that registers (not one that clears).</summary>
    public static bool IsRegistration(SocketCall call) => EventRegistrations.IsRegistration(call);

    /// <summary>A WSAEventSelect/WSAAsyncSelect, registering or clearing.</summary>
    public static bool IsEventSelection(SocketCall call) => EventRegistrations.IsEventSelection(call);

    /// <summary>A change of blocking mode: <c>FIONBIO</c> through ioctlsocket/WSAIoctl, or <c>Socket.Blocking</c>.</summary>
    public static bool IsModeChange(SocketCall call) => BlockingModeChanges.IsModeChange(call);

    /// <summary>A CsWin32/Vanara-style descriptor struct (<c>SOCKET</c>): wrapping a value in it copies no state.</summary>
    public static bool IsSocketStruct(ITypeSymbol? type) => ValueIdentityResolver.IsSocketStruct(type);
}
