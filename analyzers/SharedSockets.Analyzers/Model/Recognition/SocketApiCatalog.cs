using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Recognises socket APIs by what they are, not by one spelling: <c>[DllImport]</c>/<c>[LibraryImport]</c>
/// of ws2_32 or kernel32 under any class, alias or <c>EntryPoint</c>; CsWin32-style <c>PInvoke</c> and
/// Vanara-style <c>Ws2_32</c> classes; and System.Net.Sockets members. One catalog per compilation,
/// shared by every rule; answers are cached per method symbol.
/// </summary>
internal sealed class SocketApiCatalog
{
    private static readonly ConditionalWeakTable<Compilation, SocketApiCatalog> Catalogs = new();

    private readonly ConcurrentDictionary<IMethodSymbol, SocketApi?> cache = new(SymbolEqualityComparer.Default);

    private SocketApiCatalog(Compilation compilation)
    {
        Types = new SocketTypes(compilation);
        MayUseNativeSockets = NativeBindingsPresence.Detect(compilation);
        Wrappers = new WrapperSummaries(compilation, this);
        relevance = new Lazy<SocketRelevance>(() => SocketRelevance.Of(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        Binder = new SocketCallBinder(this, Wrappers);
        TypeFacts = new TypeFactsCache(Binder);
    }

    private readonly Lazy<SocketRelevance> relevance;

    /// <summary>Which files can touch sockets; computed once per compilation, shared by every rule.</summary>
    public SocketRelevance Relevance => relevance.Value;

    /// <summary>The project's own wrappers of socket APIs, summarised once per compilation.</summary>
    public WrapperSummaries Wrappers { get; }

    public SocketTypes Types { get; }

    /// <summary>Binds operations to API uses, through the project's wrappers.</summary>
    public SocketCallBinder Binder { get; }

    /// <summary>Each type's facts, gathered once for all rules.</summary>
    public TypeFactsCache TypeFacts { get; }

    /// <summary>False when nothing in the compilation can bind Winsock: rules about native calls bail out.</summary>
    public bool MayUseNativeSockets { get; }

    public static SocketApiCatalog For(Compilation compilation) =>
        Catalogs.GetValue(compilation, static c => new SocketApiCatalog(c));

    public SocketApi? Classify(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        return cache.GetOrAdd(method.OriginalDefinition, ClassifyUncached);
    }

    private SocketApi? ClassifyUncached(IMethodSymbol method)
    {
        if (NativeImport.TryGet(method, out var import))
        {
            var api = NativeSocketApis.Find(import.Library, import.EntryPoint);
            return api is not null && method.Parameters.Length >= api.MinimumParameterCount ? api : null;
        }

        if (IsKnownInteropClass(method.ContainingType) && method.IsStatic)
        {
            var api = NativeSocketApis.FindByName(method.Name);
            return api is not null && method.Parameters.Length >= api.MinimumParameterCount ? api : null;
        }

        return ManagedSocketApis.Find(method, Types);
    }

    /// <summary>
    /// CsWin32 (<c>Windows.Win32.PInvoke</c>) and Vanara (<c>Vanara.PInvoke.Ws2_32</c>) expose friendly
    /// overloads that are not imports themselves; their names are the Winsock names.
    /// </summary>
    private static bool IsKnownInteropClass(INamedTypeSymbol? type) =>
        type is not null
        && ((type.Name == "PInvoke" && type.ContainingNamespace?.ToDisplayString() == "Windows.Win32")
            || (type.Name == "Ws2_32" && type.ContainingNamespace?.ToDisplayString() == "Vanara.PInvoke"));
}
