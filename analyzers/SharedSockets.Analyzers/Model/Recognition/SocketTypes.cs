using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>The well-known types of one compilation that the model needs, looked up once.</summary>
internal sealed class SocketTypes
{
    public SocketTypes(Compilation compilation)
    {
        Socket = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
        SafeSocketHandle = compilation.GetTypeByMetadataName("System.Net.Sockets.SafeSocketHandle");
        SocketInformation = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketInformation");
        SafeHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeHandle");
        TcpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
        TcpListener = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpListener");
        UdpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.UdpClient");
    }

    public INamedTypeSymbol? Socket { get; }

    public INamedTypeSymbol? SafeSocketHandle { get; }

    public INamedTypeSymbol? SocketInformation { get; }

    public INamedTypeSymbol? SafeHandle { get; }

    public INamedTypeSymbol? TcpClient { get; }

    public INamedTypeSymbol? TcpListener { get; }

    public INamedTypeSymbol? UdpClient { get; }

    public bool IsSocket(ITypeSymbol? type) => Socket is not null && SymbolEqualityComparer.Default.Equals(type, Socket);

    /// <summary><c>TcpClient.Client</c> and friends expose the wrapper's own socket.</summary>
    public bool IsSocketWrapper(ITypeSymbol? type) =>
        type is not null
        && (SymbolEqualityComparer.Default.Equals(type, TcpClient)
            || SymbolEqualityComparer.Default.Equals(type, TcpListener)
            || SymbolEqualityComparer.Default.Equals(type, UdpClient));

    public bool IsSafeHandle(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, SafeHandle))
            {
                return true;
            }
        }

        return false;
    }
}
