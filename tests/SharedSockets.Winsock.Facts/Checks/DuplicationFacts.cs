using System.Net.Sockets;
using SharedSockets.Winsock.Facts.Native;
using static SharedSockets.Winsock.Facts.Native.Ws2;

namespace SharedSockets.Winsock.Facts.Checks;

/// <summary>How descriptors are made: WSADuplicateSocket's protocol info, DuplicateHandle, and .NET's wrappers.</summary>
internal static class DuplicationFacts
{
    public static string ProtocolInfoUsedTwice()
    {
        using var pair = Loopback.Connect();
        var info = Duplicates.ProtocolInfo(pair.Handle);
        var first = Duplicates.FromProtocolInfo(info);
        var second = Duplicates.FromProtocolInfo(info);
        var error = WSAGetLastError();
        try
        {
            var secondWords = second == -1 ? $"failed/{error}" : second == first ? "the-same-descriptor" : "another-descriptor";
            return $"first={(first == -1 ? "failed" : "descriptor")} second={secondWords}";
        }
        finally
        {
            if (first != -1)
            {
                closesocket(first);
            }

            if (second != -1 && second != first)
            {
                closesocket(second);
            }
        }
    }

    public static string DuplicateHandleOnASocket()
    {
        using var pair = Loopback.Connect();
        var process = Win32.GetCurrentProcess();
        if (!Win32.DuplicateHandle(process, pair.Handle, process, out var copy, 0, false, Win32.DUPLICATE_SAME_ACCESS))
        {
            return "duplicatehandle=failed";
        }

        try
        {
            var length = sizeof(int);
            var asSocket = getsockopt(copy, SOL_SOCKET, SO_TYPE, out _, ref length);
            return $"duplicatehandle=ok copy-as-socket={Observed.Result(asSocket)}";
        }
        finally
        {
            Win32.CloseHandle(copy);
        }
    }

    public static string DuplicateAndCloseInProcess()
    {
        using var pair = Loopback.Connect();
        var information = pair.Local.DuplicateAndClose(Environment.ProcessId);
        using var received = new Socket(information);
        received.Send("dup"u8);
        string original;
        try
        {
            pair.Local.Send("x"u8);
            original = "usable";
        }
        catch (ObjectDisposedException)
        {
            original = "ObjectDisposedException";
        }

        return $"new-socket-peer={pair.PeerReceives()} original={original}";
    }

    public static string SocketInformationUsedTwice()
    {
        using var pair = Loopback.Connect();
        var information = pair.Local.DuplicateAndClose(Environment.ProcessId);
        using var first = new Socket(information);
        try
        {
            using var second = new Socket(information);
            second.Send("2"u8);
            return $"second=usable peer={pair.PeerReceives()}";
        }
        catch (SocketException exception)
        {
            return $"second=SocketException/{exception.ErrorCode}";
        }
    }
}
