using System.Diagnostics;
using SharedSockets.Winsock.Facts.Native;
using static SharedSockets.Winsock.Facts.Native.Ws2;

namespace SharedSockets.Winsock.Facts.Checks;

/// <summary>
/// The case the documentation names: two processes, one socket. The probe starts a copy of itself as
/// the second process, hands it a WSAPROTOCOL_INFO made for its id, and both register an event object.
/// </summary>
internal static class CrossProcessFacts
{
    public const string ChildArgument = "--child-registers";

    public static string RegistrationInAnotherProcess()
    {
        using var pair = Loopback.Connect();
        using var parentEvent = new EventObject();
        Observed.Check(WSAEventSelect(pair.Handle, parentEvent.Handle, FD_READ), "WSAEventSelect(parent)");

        var start = new ProcessStartInfo(Environment.ProcessPath!, ChildArgument)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var child = Process.Start(start)!;
        var info = new byte[ProtocolInfoSize];
        if (WSADuplicateSocketW(pair.Handle, (uint)child.Id, info) != 0)
        {
            child.Kill();
            return $"WSADuplicateSocketW failed/{WSAGetLastError()}";
        }

        child.StandardInput.WriteLine(Convert.ToHexString(info));
        child.StandardInput.Flush();
        var registered = child.StandardOutput.ReadLine();
        pair.Peer.Send("x"u8);
        var childSaw = child.StandardOutput.ReadLine();
        if (!child.WaitForExit(10_000))
        {
            child.Kill();
        }

        return $"child={registered}/{childSaw} parent={parentEvent.State(Observed.Quiet)}";
    }

    /// <summary>The second process: its own descriptor from the protocol info, its own event object.</summary>
    public static int RunChild()
    {
        // Winsock must be started in this process too: .NET does it with its first socket.
        new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp).Dispose();
        var info = Convert.FromHexString(Console.ReadLine() ?? string.Empty);
        var socket = Duplicates.FromProtocolInfo(info);
        if (socket == -1)
        {
            Console.WriteLine($"WSASocketW-failed-{WSAGetLastError()}");
            return 1;
        }

        using var childEvent = new EventObject();
        var result = WSAEventSelect(socket, childEvent.Handle, FD_READ);
        Console.WriteLine(result == 0 ? "registered" : $"WSAEventSelect-failed-{WSAGetLastError()}");
        Console.WriteLine(childEvent.State(Observed.Expected));
        WSAEventSelect(socket, 0, 0);
        closesocket(socket);
        return 0;
    }
}
