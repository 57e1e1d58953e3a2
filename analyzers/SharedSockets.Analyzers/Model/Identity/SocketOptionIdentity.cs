using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Which socket option a set-option call sets, as the native <c>(level, optname)</c> pair, whatever the
/// spelling: <c>setsockopt(s, SOL_SOCKET, SO_RCVBUF, …)</c>, <c>SetSocketOption(SocketOptionLevel.Socket,
/// SocketOptionName.ReceiveBuffer, …)</c> (the managed enums carry the native values) or an option
/// property (<c>ReceiveBufferSize</c>). Properties whose option depends on the address family
/// (<c>Ttl</c>: IP_TTL or IPV6_UNICAST_HOPS) denote both pairs; two identities match when they share one.
/// </summary>
internal sealed class SocketOptionIdentity
{
    private const int SolSocket = 0xffff;
    private const int IpProtoIp = 0;
    private const int IpProtoTcp = 6;
    private const int IpProtoIpv6 = 41;

    private static readonly Dictionary<string, (int Level, int Name)[]> PropertyOptions = new(StringComparer.Ordinal)
    {
        ["NoDelay"] = new[] { (IpProtoTcp, 0x0001) },
        ["ReceiveBufferSize"] = new[] { (SolSocket, 0x1002) },
        ["SendBufferSize"] = new[] { (SolSocket, 0x1001) },
        ["ReceiveTimeout"] = new[] { (SolSocket, 0x1006) },
        ["SendTimeout"] = new[] { (SolSocket, 0x1005) },
        ["LingerState"] = new[] { (SolSocket, 0x0080) },
        ["ExclusiveAddressUse"] = new[] { (SolSocket, ~0x0004) },
        ["EnableBroadcast"] = new[] { (SolSocket, 0x0020) },
        ["Ttl"] = new[] { (IpProtoIp, 4), (IpProtoIpv6, 4) },
        ["DontFragment"] = new[] { (IpProtoIp, 14), (IpProtoIpv6, 14) },
        ["MulticastLoopback"] = new[] { (IpProtoIp, 11), (IpProtoIpv6, 11) },
        ["DualMode"] = new[] { (IpProtoIpv6, 27) },
    };

    private static readonly Dictionary<(int Level, int Name), string> NativeNames = new()
    {
        [(SolSocket, 0x0004)] = "SO_REUSEADDR",
        [(SolSocket, 0x0008)] = "SO_KEEPALIVE",
        [(SolSocket, 0x0020)] = "SO_BROADCAST",
        [(SolSocket, 0x0080)] = "SO_LINGER",
        [(SolSocket, ~0x0080)] = "SO_DONTLINGER",
        [(SolSocket, 0x0100)] = "SO_OOBINLINE",
        [(SolSocket, 0x1001)] = "SO_SNDBUF",
        [(SolSocket, 0x1002)] = "SO_RCVBUF",
        [(SolSocket, 0x1005)] = "SO_SNDTIMEO",
        [(SolSocket, 0x1006)] = "SO_RCVTIMEO",
        [(SolSocket, ~0x0004)] = "SO_EXCLUSIVEADDRUSE",
        [(IpProtoTcp, 0x0001)] = "TCP_NODELAY",
        [(IpProtoTcp, 3)] = "TCP_KEEPALIVE",
        [(IpProtoIp, 4)] = "IP_TTL",
        [(IpProtoIp, 11)] = "IP_MULTICAST_LOOP",
        [(IpProtoIp, 14)] = "IP_DONTFRAGMENT",
        [(IpProtoIpv6, 4)] = "IPV6_UNICAST_HOPS",
        [(IpProtoIpv6, 11)] = "IPV6_MULTICAST_LOOP",
        [(IpProtoIpv6, 14)] = "IPV6_DONTFRAG",
        [(IpProtoIpv6, 27)] = "IPV6_V6ONLY",
    };

    private readonly (int Level, int Name)[] pairs;

    private SocketOptionIdentity((int Level, int Name)[] pairs, string displayName)
    {
        this.pairs = pairs;
        DisplayName = displayName;
    }

    /// <summary>How the option reads in a message: the native name (<c>SO_RCVBUF</c>), or the level and name values.</summary>
    public string DisplayName { get; }

    /// <summary>The option a set-option call sets, or null when its level or name is not a constant.</summary>
    public static SocketOptionIdentity? Of(SocketCall call)
    {
        if (call.Kind != SocketOperationKind.SetOption)
        {
            return null;
        }

        if (call.Api.FixedOptionName is { } property)
        {
            return PropertyOptions.TryGetValue(property, out var known) ? new SocketOptionIdentity(known, Describe(known[0])) : null;
        }

        if (ConstantInt(call[ArgumentRole.OptionLevel]) is not { } level || ConstantInt(call[ArgumentRole.OptionName]) is not { } name)
        {
            return null;
        }

        var pair = (level, name);
        return new SocketOptionIdentity(new[] { pair }, Describe(pair));
    }

    /// <summary>Whether both denote one option of the socket (for family-dependent properties: possibly).</summary>
    public bool Matches(SocketOptionIdentity other)
    {
        foreach (var mine in pairs)
        {
            foreach (var theirs in other.pairs)
            {
                if (mine == theirs)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>IPV6_V6ONLY is the inverse of <c>DualMode</c>: values of the two spellings do not compare.</summary>
    public static bool ValuesCompare(SocketCall left, SocketCall right) =>
        (left.Api.FixedOptionName == "DualMode") == (right.Api.FixedOptionName == "DualMode");

    private static string Describe((int Level, int Name) pair) =>
        NativeNames.TryGetValue(pair, out var name) ? name : $"option {pair.Name} at level {pair.Level}";

    /// <summary>
    /// Level and name constants as 32-bit values: <c>0xffff</c>, <c>SocketOptionLevel.Socket</c> and
    /// <c>unchecked((int)0xFFFFFFFB)</c> / <c>0xFFFFFFFBu</c> spellings of SO_EXCLUSIVEADDRUSE compare equal.
    /// </summary>
    private static int? ConstantInt(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        var constant = operation.ConstantValue.HasValue ? operation.ConstantValue : operation.WithoutConversions().ConstantValue;
        return constant is { HasValue: true, Value: { } value } && OptionValues.TryToInt64(value, out var number)
            ? unchecked((int)number)
            : null;
    }
}
