using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// The socket model of one compilation, shared by every rule and every fix. Built in layers, each from
/// the ones below it: API recognition (<see cref="Apis"/>), the project's one-level wrappers
/// (<see cref="Wrappers"/>), call binding (<see cref="Binder"/>), which declarations can touch sockets
/// at all (<see cref="Relevance"/>), and one model per type (<see cref="Models"/>).
/// </summary>
internal sealed class SocketCompilation
{
    private static readonly ConditionalWeakTable<Compilation, SocketCompilation> Roots = new();

    private readonly Lazy<SocketRelevance> relevance;

    private SocketCompilation(Compilation compilation)
    {
        Apis = new SocketApiCatalog(compilation);
        Wrappers = new WrapperSummaries(compilation, Apis);
        Binder = new SocketCallBinder(Apis, Wrappers);
        relevance = new Lazy<SocketRelevance>(() => SocketRelevance.Of(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        Models = new TypeModels(Binder);
    }

    public static SocketCompilation For(Compilation compilation) =>
        Roots.GetValue(compilation, static c => new SocketCompilation(c));

    /// <summary>Which called methods are socket APIs, and the roles of their parameters.</summary>
    public SocketApiCatalog Apis { get; }

    public SocketTypes Types => Apis.Types;

    /// <summary>False when nothing in the compilation can bind Winsock: rules about native calls bail out.</summary>
    public bool MayUseNativeSockets => Apis.MayUseNativeSockets;

    /// <summary>The project's own wrappers of socket APIs, summarised once per method.</summary>
    public WrapperSummaries Wrappers { get; }

    /// <summary>Binds operations to API uses, through the project's wrappers.</summary>
    public SocketCallBinder Binder { get; }

    /// <summary>Which files and type declarations can touch sockets; computed once, from text.</summary>
    public SocketRelevance Relevance => relevance.Value;

    /// <summary>One model per type, built by the first rule that asks and shared by all.</summary>
    public TypeModels Models { get; }
}
