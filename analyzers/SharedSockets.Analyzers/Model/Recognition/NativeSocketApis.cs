using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using static SharedSockets.Analyzers.Model.ArgumentRole;
using static SharedSockets.Analyzers.Model.SocketApi;

namespace SharedSockets.Analyzers.Model;

/// <summary>The Winsock (ws2_32) and kernel32 entry points the rules reason about, with their parameter roles.</summary>
internal static class NativeSocketApis
{
    public const string Winsock = "ws2_32";
    public const string Kernel32 = "kernel32";

    private static readonly ImmutableDictionary<string, SocketApi> WinsockApis = CreateWinsockApis();

    private static readonly SocketApi DuplicateHandleApi =
        new(SocketOperationKind.DuplicateHandle, "DuplicateHandle", Roles((Handle, 1), (ProcessId, 2)));

    /// <summary>Every name a Winsock or DuplicateHandle binding may be declared under (for the cheap "anything here?" check).</summary>
    public static ImmutableHashSet<string> DeclarationNames { get; } =
        WinsockApis.Keys.Concat(new[] { "DuplicateHandle" }).ToImmutableHashSet(StringComparer.Ordinal);

    public static SocketApi? Find(string library, string entryPoint)
    {
        if (library == Winsock)
        {
            return WinsockApis.TryGetValue(entryPoint, out var api) ? api : null;
        }

        return library == Kernel32 && entryPoint == "DuplicateHandle" ? DuplicateHandleApi : null;
    }

    /// <summary>For bindings recognised by their declaring type rather than an import (wrappers in metadata).</summary>
    public static SocketApi? FindByName(string name) =>
        name == "DuplicateHandle" ? DuplicateHandleApi
        : WinsockApis.TryGetValue(name, out var api) ? api : null;

    private static ImmutableDictionary<string, SocketApi> CreateWinsockApis()
    {
        var apis = new Dictionary<string, SocketApi>(StringComparer.Ordinal);

        void Add(SocketApi api, params string[] names)
        {
            foreach (var name in names)
            {
                apis[name] = api;
            }
        }

        Add(new(SocketOperationKind.EventSelect, "WSAEventSelect", Roles((Socket, 0), (EventObject, 1), (EventMask, 2))), "WSAEventSelect");
        Add(new(SocketOperationKind.AsyncSelect, "WSAAsyncSelect", Roles((Socket, 0), (Window, 1), (Message, 2), (EventMask, 3))), "WSAAsyncSelect");
        Add(new(SocketOperationKind.DuplicateSocket, "WSADuplicateSocket", Roles((Socket, 0), (ProcessId, 1), (ProtocolInfo, 2))),
            "WSADuplicateSocket", "WSADuplicateSocketA", "WSADuplicateSocketW");
        Add(new(SocketOperationKind.CreateSocket, "WSASocket", Roles((ProtocolInfo, 3))), "WSASocket", "WSASocketA", "WSASocketW");
        Add(new(SocketOperationKind.CreateSocket, "socket", Roles()), "socket");
        Add(new(SocketOperationKind.Accept, "accept", Roles((Socket, 0))), "accept");
        Add(new(SocketOperationKind.Accept, "WSAAccept", Roles((Socket, 0))), "WSAAccept");
        Add(new(SocketOperationKind.SetOption, "setsockopt", Roles((Socket, 0), (OptionLevel, 1), (OptionName, 2), (Value, 3))), "setsockopt");
        Add(new(SocketOperationKind.IoctlSocket, "ioctlsocket", Roles((Socket, 0), (Command, 1), (Value, 2))), "ioctlsocket");
        Add(new(SocketOperationKind.Ioctl, "WSAIoctl", Roles((Socket, 0), (Command, 1), (Value, 2))), "WSAIoctl");
        Add(new(SocketOperationKind.Shutdown, "shutdown", Roles((Socket, 0), (How, 1))), "shutdown");
        Add(new(SocketOperationKind.Close, "closesocket", Roles((Socket, 0))), "closesocket");
        return apis.ToImmutableDictionary(StringComparer.Ordinal);
    }
}
