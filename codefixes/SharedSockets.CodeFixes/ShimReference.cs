using Microsoft.CodeAnalysis;

namespace SharedSockets.CodeFixes;

/// <summary>Fixes steer to the shim only when the compilation references it (DESIGN.md §3).</summary>
internal static class ShimReference
{
    public const string SharedWinsockMetadataName = "SharedSockets.Interop.SharedWinsock";
    public const string SharedWinsockQualifiedName = "global::SharedSockets.Interop.SharedWinsock";

    public static bool IsReferenced(Compilation compilation) =>
        compilation.GetTypeByMetadataName(SharedWinsockMetadataName) is not null;
}
