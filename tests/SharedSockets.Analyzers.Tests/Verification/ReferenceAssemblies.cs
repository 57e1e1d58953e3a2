using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// The metadata references test code compiles against: the SDK's reference pack (what csc sees, not
/// the runtime's TRUSTED_PLATFORM_ASSEMBLIES, which expose internals and test-process DLLs) and,
/// on request, the SharedSockets shim.
/// </summary>
internal static class ReferenceAssemblies
{
    private const string ReferencePackMetadataKey = "ReferencePackDirectory";

    // Reading ~170 assemblies costs far more than a test: read them once per test run.
    private static readonly Lazy<ImmutableArray<MetadataReference>> ReferencePack = new(LoadReferencePack);

    private static readonly Lazy<MetadataReference> Shim =
        new(() => MetadataReference.CreateFromFile(typeof(SharedSockets.NetworkEvents).Assembly.Location));

    /// <summary>Every *.dll of the reference pack directory the test project was built with.</summary>
    public static ImmutableArray<MetadataReference> Net => ReferencePack.Value;

    public static MetadataReference SharedSocketsShim => Shim.Value;

    /// <summary><c>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/&lt;tfm&gt;</c>, passed in by the csproj.</summary>
    public static string ReferencePackDirectory
    {
        get
        {
            var directory = typeof(ReferenceAssemblies).Assembly
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

    private static ImmutableArray<MetadataReference> LoadReferencePack()
    {
        var files = Directory.GetFiles(ReferencePackDirectory, "*.dll");
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(file => (MetadataReference)MetadataReference.CreateFromFile(file)).ToImmutableArray();
    }
}
