using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Tests.Verifiers;

/// <summary>
/// The SDK's <c>[LibraryImport]</c> source generator, loaded from the reference pack's
/// <c>analyzers/dotnet/cs</c> folder so test code with <c>partial</c> LibraryImport methods compiles.
/// </summary>
internal static class LibraryImportGenerator
{
    private const string GeneratorFileName = "Microsoft.Interop.LibraryImportGenerator.dll";

    private static readonly Lazy<AnalyzerReference> Reference = new(Load);

    public static AnalyzerReference AnalyzerReference => Reference.Value;

    private const string ReferencePackMetadataKey = "ReferencePackDirectory";

    /// <summary><c>ref/net10.0</c> → <c>analyzers/dotnet/cs</c> of the SDK's reference pack (the generator ships there, not in reference-assembly packages).</summary>
    public static string GeneratorPath =>
        Path.GetFullPath(Path.Combine(ReferencePackDirectory, "..", "..", "analyzers", "dotnet", "cs", GeneratorFileName));

    /// <summary><c>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/&lt;tfm&gt;</c>, passed in by the csproj.</summary>
    private static string ReferencePackDirectory
    {
        get
        {
            var directory = typeof(LibraryImportGenerator).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(attribute => attribute.Key == ReferencePackMetadataKey)?
                .Value;
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                throw new InvalidOperationException(
                    $"The test assembly has no usable [AssemblyMetadata(\"{ReferencePackMetadataKey}\", ...)] (got '{directory}'); the csproj passes the SDK reference pack directory.");
            }

            return directory;
        }
    }

    private static AnalyzerReference Load()
    {
        var path = GeneratorPath;
        if (!File.Exists(path))
        {
            throw new NotSupportedException($"The LibraryImport generator is not in the reference pack: '{path}' does not exist.");
        }

        var reference = new AnalyzerFileReference(path, GeneratorAssemblyLoader.Instance);
        ImmutableArray<ISourceGenerator> generators;
        try
        {
            generators = reference.GetGeneratorsForAllLanguages();
        }
        catch (Exception exception) when (exception is IOException or BadImageFormatException or TypeLoadException or ReflectionTypeLoadException)
        {
            throw new NotSupportedException($"The LibraryImport generator '{path}' cannot be loaded with Microsoft.CodeAnalysis {typeof(Compilation).Assembly.GetName().Version}; give the test the generated implementation part instead.", exception);
        }

        if (generators.IsDefaultOrEmpty)
        {
            throw new NotSupportedException($"'{path}' loaded but exposes no source generator to Microsoft.CodeAnalysis {typeof(Compilation).Assembly.GetName().Version}.");
        }

        return reference;
    }

    /// <summary>
    /// Loads the generator and its sibling assemblies in their own context, but hands them the
    /// Microsoft.CodeAnalysis already loaded here: the generator may be compiled against a newer
    /// Roslyn than the test project's, and only one copy can share ISourceGenerator's identity.
    /// </summary>
    private sealed class GeneratorAssemblyLoader : IAnalyzerAssemblyLoader
    {
        public static readonly GeneratorAssemblyLoader Instance = new();

        private readonly GeneratorLoadContext context = new();

        public void AddDependencyLocation(string fullPath) => context.AddDependency(fullPath);

        public Assembly LoadFromPath(string fullPath)
        {
            context.AddDependency(fullPath);
            return context.LoadFromAssemblyPath(fullPath);
        }
    }

    private sealed class GeneratorLoadContext() : AssemblyLoadContext("LibraryImportGenerator")
    {
        private static readonly Dictionary<string, Assembly> SharedWithHost = new[]
            {
                typeof(Compilation).Assembly,
                typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly,
            }
            .ToDictionary(assembly => assembly.GetName().Name!, StringComparer.OrdinalIgnoreCase);

        private readonly object gate = new();
        private readonly Dictionary<string, string> siblingPaths = new(StringComparer.OrdinalIgnoreCase);

        public void AddDependency(string fullPath)
        {
            lock (gate)
            {
                siblingPaths.TryAdd(Path.GetFileNameWithoutExtension(fullPath), fullPath);
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name ?? string.Empty;
            if (SharedWithHost.TryGetValue(name, out var shared))
            {
                return shared;
            }

            string? path;
            lock (gate)
            {
                siblingPaths.TryGetValue(name, out path);
            }

            // Siblings in the generator folder (Microsoft.Interop.SourceGeneration) load here;
            // anything else (System.*, System.Collections.Immutable) comes from the default context.
            path ??= Path.Combine(Path.GetDirectoryName(GeneratorPath)!, name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
