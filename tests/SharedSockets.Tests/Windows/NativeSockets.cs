using System.Runtime.InteropServices;

namespace SharedSockets.Tests.Windows;

/// <summary>The application's own ws2_32 calls, beside the shim's registrations.</summary>
internal static class NativeSockets
{
    public const int SOL_SOCKET = 0xFFFF;
    public const int SO_TYPE = 0x1008;

    [DllImport("ws2_32.dll")]
    public static extern int recv(nint s, byte[] buffer, int length, int flags);

    [DllImport("ws2_32.dll")]
    public static extern int WSAGetLastError();

    [DllImport("ws2_32.dll")]
    public static extern int getsockopt(nint s, int level, int name, out int value, ref int length);

    /// <summary>Whether <paramref name="handle"/> still answers as a socket.</summary>
    public static bool IsSocket(nint handle)
    {
        var length = sizeof(int);
        return getsockopt(handle, SOL_SOCKET, SO_TYPE, out _, ref length) == 0;
    }
}
