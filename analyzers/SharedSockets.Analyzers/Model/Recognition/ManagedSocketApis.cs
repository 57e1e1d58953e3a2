using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using static SharedSockets.Analyzers.Model.ArgumentRole;
using static SharedSockets.Analyzers.Model.SocketApi;

namespace SharedSockets.Analyzers.Model;

/// <summary>System.Net.Sockets members that duplicate, alias, configure or shut down a socket.</summary>
internal static class ManagedSocketApis
{
    /// <summary>Option properties of <c>Socket</c>: setting one is a <c>setsockopt</c> on the shared socket.</summary>
    private static readonly ImmutableHashSet<string> OptionProperties = ImmutableHashSet.Create(
        "NoDelay", "ReceiveBufferSize", "SendBufferSize", "ReceiveTimeout", "SendTimeout", "Ttl",
        "LingerState", "ExclusiveAddressUse", "DontFragment", "DualMode", "EnableBroadcast", "MulticastLoopback");

    /// <summary>Names whose presence in a method body makes it a candidate wrapper (Close/Dispose are too common to count).</summary>
    public static ImmutableHashSet<string> MemberNames { get; } = OptionProperties.Union(new[]
    {
        "DuplicateAndClose", "SetSocketOption", "SetRawSocketOption", "IOControl", "Shutdown", "Disconnect", "Blocking",
    });

    /// <summary>
    /// Names that release a descriptor (<c>Socket.Close</c>, <c>SafeHandle.Dispose</c>): too common to make a
    /// type relevant, but a method whose body uses them may close its object's socket.
    /// </summary>
    public static ImmutableHashSet<string> ReleaseNames { get; } = ImmutableHashSet.Create("Close", "Dispose");

    /// <summary>The System.Net.Sockets types whose members the rules recognise (names, for text scans).</summary>
    public static ImmutableArray<string> TypeNames { get; } = ImmutableArray.Create(
        "Socket", "SafeSocketHandle", "SocketInformation", "TcpClient", "TcpListener", "UdpClient");

    private static readonly SocketApi DuplicateAndClose =
        new(SocketOperationKind.DuplicateAndClose, "Socket.DuplicateAndClose", Roles((ProcessId, 0)), instanceRole: Socket);
    private static readonly SocketApi FromInformation =
        new(SocketOperationKind.CreateSocket, "new Socket(SocketInformation)", Roles((ProtocolInfo, 0)));
    private static readonly SocketApi NewSocket = new(SocketOperationKind.CreateSocket, "new Socket", Roles());
    private static readonly SocketApi FromSafeHandle =
        new(SocketOperationKind.AdoptHandle, "new Socket(SafeSocketHandle)", Roles((Handle, 0)));
    private static readonly SocketApi NewSafeSocketHandle =
        new(SocketOperationKind.AdoptHandle, "new SafeSocketHandle", Roles((Handle, 0), (OwnsHandle, 1)));
    private static readonly SocketApi SetSocketOption =
        new(SocketOperationKind.SetOption, "Socket.SetSocketOption", Roles((OptionLevel, 0), (OptionName, 1), (Value, 2)), instanceRole: Socket);
    private static readonly SocketApi SetRawSocketOption =
        new(SocketOperationKind.SetOption, "Socket.SetRawSocketOption", Roles((OptionLevel, 0), (OptionName, 1), (Value, 2)), instanceRole: Socket);
    private static readonly SocketApi Blocking = new(SocketOperationKind.SetBlocking, "Socket.Blocking", Roles(), instanceRole: Socket);
    private static readonly SocketApi IOControl = new(SocketOperationKind.Ioctl, "Socket.IOControl", Roles((Command, 0), (Value, 1)), instanceRole: Socket);
    private static readonly SocketApi Shutdown = new(SocketOperationKind.Shutdown, "Socket.Shutdown", Roles((How, 0)), instanceRole: Socket);
    private static readonly SocketApi Disconnect = new(SocketOperationKind.Disconnect, "Socket.Disconnect", Roles(), instanceRole: Socket);
    private static readonly SocketApi Close = new(SocketOperationKind.Close, "Socket.Close", Roles(), instanceRole: Socket);
    private static readonly SocketApi Dispose = new(SocketOperationKind.Close, "Socket.Dispose", Roles(), instanceRole: Socket);
    private static readonly SocketApi HandleClose = new(SocketOperationKind.Close, "SafeHandle.Close", Roles(), instanceRole: Socket);
    private static readonly SocketApi Accept = new(SocketOperationKind.Accept, "Socket.Accept", Roles(), instanceRole: Socket);

    private static readonly Dictionary<string, SocketApi> OptionPropertyApis = CreateOptionPropertyApis();

    public static SocketApi? Find(IMethodSymbol method, SocketTypes types)
    {
        // A System.Net.Sockets member declared in this compilation's own source (the framework compiled
        // from source) is the project's code: its body says what it does, as for any method.
        if (!method.DeclaringSyntaxReferences.IsEmpty)
        {
            return null;
        }

        var type = method.ContainingType;
        if (types.IsSocket(type))
        {
            return method.MethodKind switch
            {
                MethodKind.Constructor => FindConstructor(method, types),
                MethodKind.PropertySet => FindPropertySetter(method),
                MethodKind.Ordinary => FindMethod(method),
                _ => null,
            };
        }

        if (method.MethodKind == MethodKind.Constructor)
        {
            return SymbolEqualityComparer.Default.Equals(type, types.SafeSocketHandle) && method.Parameters.Length == 2
                ? NewSafeSocketHandle
                : null;
        }

        // Closing a SafeHandle releases the descriptor it holds: for one that holds a socket
        // (SafeSocketHandle, or a project's own SafeHandle over one), that is closesocket.
        return method is { MethodKind: MethodKind.Ordinary, Name: "Close" or "Dispose", Parameters.Length: 0 } && types.IsSafeHandle(type)
            ? HandleClose
            : null;
    }

    private static SocketApi? FindConstructor(IMethodSymbol constructor, SocketTypes types)
    {
        if (constructor.Parameters.Length != 1)
        {
            return NewSocket;
        }

        var parameterType = constructor.Parameters[0].Type;
        if (SymbolEqualityComparer.Default.Equals(parameterType, types.SocketInformation))
        {
            return FromInformation;
        }

        return SymbolEqualityComparer.Default.Equals(parameterType, types.SafeSocketHandle) ? FromSafeHandle : NewSocket;
    }

    private static SocketApi? FindPropertySetter(IMethodSymbol setter)
    {
        var name = setter.AssociatedSymbol?.Name;
        if (name == "Blocking")
        {
            return Blocking;
        }

        return name is not null && OptionPropertyApis.TryGetValue(name, out var api) ? api : null;
    }

    private static SocketApi? FindMethod(IMethodSymbol method) => method.Name switch
    {
        "DuplicateAndClose" => DuplicateAndClose,
        "SetSocketOption" when method.Parameters.Length == 3 => SetSocketOption,
        "SetRawSocketOption" when method.Parameters.Length == 3 => SetRawSocketOption,
        "IOControl" when method.Parameters.Length == 3 => IOControl,
        "Shutdown" => Shutdown,
        "Disconnect" => Disconnect,
        "Close" => Close,
        "Dispose" when method.Parameters.Length == 0 => Dispose,
        "Accept" => Accept,
        _ => null,
    };

    private static Dictionary<string, SocketApi> CreateOptionPropertyApis()
    {
        var apis = new Dictionary<string, SocketApi>();
        foreach (var name in OptionProperties)
        {
            apis[name] = new SocketApi(SocketOperationKind.SetOption, "Socket." + name, Roles(), instanceRole: Socket, fixedOptionName: name);
        }

        return apis;
    }
}
