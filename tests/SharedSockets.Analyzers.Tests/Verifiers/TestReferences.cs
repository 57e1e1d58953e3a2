using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Tests.Verifiers;

/// <summary>
/// What test code compiles against: the .NET 10 reference assemblies (the public surface csc sees,
/// shipped in a package so no test downloads anything) and, on request, the SharedSockets shim.
/// </summary>
internal static class TestReferences
{
    public static ImmutableArray<MetadataReference> Net { get; } =
        [.. Basic.Reference.Assemblies.Net100.References.All];

    public static MetadataReference Shim { get; } =
        MetadataReference.CreateFromFile(typeof(SharedSockets.NetworkEvents).Assembly.Location);
}
