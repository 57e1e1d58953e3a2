using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Recognises socket APIs by what they are, not by one spelling: <c>[DllImport]</c>/<c>[LibraryImport]</c>
/// of ws2_32 or kernel32 under any class, alias or <c>EntryPoint</c>; CsWin32-style <c>PInvoke</c> and
/// Vanara-style <c>Ws2_32</c> classes; and System.Net.Sockets members. One catalog per compilation
/// (<see cref="SocketCompilation.Apis"/>); answers are cached per method symbol.
/// </summary>
internal sealed class SocketApiCatalog
{
    private readonly ConcurrentDictionary<IMethodSymbol, SocketApi?> cache = new(SymbolEqualityComparer.Default);

    public SocketApiCatalog(Compilation compilation)
    {
        Types = new SocketTypes(compilation);
        MayUseNativeSockets = NativeBindingsPresence.Detect(compilation);
    }

    public SocketTypes Types { get; }

    /// <summary>False when nothing in the compilation can bind Winsock.</summary>
    public bool MayUseNativeSockets { get; }

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
