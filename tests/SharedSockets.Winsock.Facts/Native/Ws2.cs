using System.Runtime.InteropServices;

namespace SharedSockets.Winsock.Facts.Native;

/// <summary>The ws2_32 calls the facts are about, declared as native code declares them.</summary>
internal static class Ws2
{
    public const int SOCKET_ERROR = -1;
    public const int FD_READ = 0x01;
    public const int FD_WRITE = 0x02;
    public const int FD_ACCEPT = 0x08;
    public const int FD_CLOSE = 0x20;
    public const int FD_CLOSE_BIT = 5;
    public const int SD_RECEIVE = 0;
    public const int SD_SEND = 1;
    public const int SOL_SOCKET = 0xFFFF;
    public const int SO_RCVBUF = 0x1002;
    public const int SO_TYPE = 0x1008;
    public const int FROM_PROTOCOL_INFO = -1;
    public const uint WSA_FLAG_OVERLAPPED = 0x01;
    public const uint FIONBIO = 0x8004667E;
    public const uint FIONREAD = 0x4004667F;
    public const int WSAEWOULDBLOCK = 10035;

    /// <summary>sizeof(WSAPROTOCOL_INFOW) on 64-bit Windows.</summary>
    public const int ProtocolInfoSize = 628;

    private const string Library = "ws2_32.dll";

    [DllImport(Library)]
    public static extern int WSAGetLastError();

    [DllImport(Library)]
    public static extern int WSAEventSelect(nint s, nint eventObject, int networkEvents);

    [DllImport(Library)]
    public static extern int WSAAsyncSelect(nint s, nint window, uint message, int networkEvents);

    [DllImport(Library)]
    public static extern int WSAEnumNetworkEvents(nint s, nint eventObject, out NetworkEventsRecord networkEvents);

    [DllImport(Library)]
    public static extern int ioctlsocket(nint s, uint command, ref uint argument);

    [DllImport(Library)]
    public static extern int setsockopt(nint s, int level, int name, ref int value, int length);

    [DllImport(Library)]
    public static extern int getsockopt(nint s, int level, int name, out int value, ref int length);

    [DllImport(Library)]
    public static extern int send(nint s, byte[] buffer, int length, int flags);

    [DllImport(Library)]
    public static extern int recv(nint s, byte[] buffer, int length, int flags);

    [DllImport(Library)]
    public static extern int shutdown(nint s, int how);

    [DllImport(Library)]
    public static extern int closesocket(nint s);

    [DllImport(Library)]
    public static extern nint accept(nint s, nint address, nint addressLength);

    [DllImport(Library)]
    public static extern int WSADuplicateSocketW(nint s, uint processId, byte[] protocolInfo);

    [DllImport(Library)]
    public static extern nint WSASocketW(int addressFamily, int type, int protocol, byte[] protocolInfo, uint group, uint flags);

    /// <summary>WSANETWORKEVENTS: the recorded events and one error code per FD_* bit.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct NetworkEventsRecord
    {
        public int Events;

        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 10)]
        public int[] ErrorCodes;
    }
}
