using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace SharedSockets.RealCodeScan;

/// <summary>
/// Loads analyzer DLLs the way the compiler host does: each folder in a load context of its own, so an
/// analyzer's private dependencies come from beside it, while the compiler's own assemblies
/// (Microsoft.CodeAnalysis*, the runtime) are shared with the host — otherwise DiagnosticAnalyzer from the
/// analyzer's copy and from ours would be two different types and no analyzer would be found.
/// </summary>
internal sealed class IsolatedAnalyzerLoader : IAnalyzerAssemblyLoader
{
    private readonly Dictionary<string, FolderLoadContext> _contexts = new(StringComparer.Ordinal);

    public void AddDependencyLocation(string fullPath) => ContextFor(fullPath);

    public Assembly LoadFromPath(string fullPath) => ContextFor(fullPath).LoadFromAssemblyPath(fullPath);

    private FolderLoadContext ContextFor(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        lock (_contexts)
        {
            if (!_contexts.TryGetValue(folder, out var context))
            {
                context = new FolderLoadContext(folder);
                _contexts.Add(folder, context);
            }

            return context;
        }
    }

    private sealed class FolderLoadContext(string folder) : AssemblyLoadContext("analyzers: " + folder)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (IsSharedWithHost(name))
            {
                return null;
            }

            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }

        private static bool IsSharedWithHost(AssemblyName name) =>
            name.Name is { } simpleName
            && (simpleName.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                || simpleName.StartsWith("System.", StringComparison.Ordinal)
                || simpleName is "System" or "netstandard" or "mscorlib");
    }
}
