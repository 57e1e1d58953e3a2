using Microsoft.CodeAnalysis;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>System.Net.Sockets.Socket as the managed-socket fixes (SOCK006, SOCK007) recognise it.</summary>
internal static class SocketMembers
{
    public const string SocketMetadataName = "System.Net.Sockets.Socket";

    /// <summary>Whether <paramref name="symbol"/> is an instance member of Socket itself.</summary>
    public static bool IsInstanceMember(ISymbol? symbol) =>
        symbol is { IsStatic: false } && symbol.ContainingType?.ToDisplayString() == SocketMetadataName;
}
