using SharedSockets.Winsock.Facts.Native;

namespace SharedSockets.Winsock.Facts.Checks;

/// <summary>How the checks put what they saw into words (the tests compare these words).</summary>
internal static class Observed
{
    /// <summary>How long an event that must come may take.</summary>
    public const uint Expected = 3000;

    /// <summary>How long to watch for an event that must not come.</summary>
    public const uint Quiet = 400;

    public static string Events(int events)
    {
        var names = new List<string>();
        foreach (var (bit, name) in new[] { (Ws2.FD_READ, "FD_READ"), (Ws2.FD_WRITE, "FD_WRITE"), (0x04, "FD_OOB"), (Ws2.FD_ACCEPT, "FD_ACCEPT"), (0x10, "FD_CONNECT"), (Ws2.FD_CLOSE, "FD_CLOSE") })
        {
            if ((events & bit) != 0)
            {
                names.Add(name);
            }
        }

        return names.Count == 0 ? "none" : string.Join('|', names);
    }

    /// <summary>"0", or "-1/error" for a failed Winsock call.</summary>
    public static string Result(int result) => result == 0 ? "0" : $"{result}/{Ws2.WSAGetLastError()}";

    /// <summary>What a native recv of one byte gave: "byte", "0" (end of stream) or "-1/error".</summary>
    public static string Receive(nint socket)
    {
        var result = Ws2.recv(socket, new byte[1], 1, 0);
        return result > 0 ? "byte" : result == 0 ? "0" : $"-1/{Ws2.WSAGetLastError()}";
    }

    public static Ws2.NetworkEventsRecord Enumerate(nint socket, EventObject signal)
    {
        if (Ws2.WSAEnumNetworkEvents(socket, signal.Handle, out var record) != 0)
        {
            throw new InvalidOperationException("WSAEnumNetworkEvents failed: " + Ws2.WSAGetLastError());
        }

        return record;
    }

    public static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed: {Ws2.WSAGetLastError()}");
        }
    }
}
