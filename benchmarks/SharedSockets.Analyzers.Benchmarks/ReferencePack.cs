using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>The SDK's reference pack (what csc compiles against), passed in by the csproj as assembly metadata.</summary>
internal static class ReferencePack
{
    public static ImmutableArray<MetadataReference> Load()
    {
        var directory = typeof(ReferencePack).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "ReferencePackDirectory")?.Value;
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new InvalidOperationException($"No usable ReferencePackDirectory assembly metadata (got '{directory}').");
        }

        var files = Directory.GetFiles(directory, "*.dll");
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(file => (MetadataReference)MetadataReference.CreateFromFile(file)).ToImmutableArray();
    }
}
