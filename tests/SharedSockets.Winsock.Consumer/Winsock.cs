using System.Runtime.InteropServices;

namespace WinsockConsumer;

/// <summary>Hand-written Winsock interop, as many codebases carry it.</summary>
internal static class Winsock
{
    public const int FD_READ = 0x01;
    public const int FD_WRITE = 0x02;
    public const int FD_CLOSE = 0x20;
    public const int SD_BOTH = 2;
    public const int SOCKET_ERROR = -1;
    public const uint WSA_WAIT_TIMEOUT = 0x102;

    private const string Library = "ws2_32.dll";

    [DllImport(Library)]
    public static extern nint WSACreateEvent();

    [DllImport(Library)]
    public static extern int WSAEventSelect(nint s, nint hEventObject, int lNetworkEvents);

    [DllImport(Library)]
    public static extern uint WSAWaitForMultipleEvents(uint cEvents, nint[] lphEvents, [MarshalAs(UnmanagedType.Bool)] bool fWaitAll, uint dwTimeout, [MarshalAs(UnmanagedType.Bool)] bool fAlertable);

    [DllImport(Library)]
    public static extern int recv(nint s, byte[] buf, int len, int flags);

    [DllImport(Library)]
    public static extern int send(nint s, byte[] buf, int len, int flags);

    [DllImport(Library)]
    public static extern int shutdown(nint s, int how);

    [DllImport(Library)]
    public static extern int closesocket(nint s);

    [DllImport(Library)]
    public static extern int WSAGetLastError();

    [DllImport(Library)]
    public static extern int WSADuplicateSocketW(nint s, uint dwProcessId, byte[] lpProtocolInfo);

    [DllImport(Library)]
    public static extern nint WSASocketW(int af, int type, int protocol, byte[] lpProtocolInfo, uint g, uint dwFlags);

    [DllImport(Library)]
    public static extern nint socket(int af, int type, int protocol);

    [DllImport(Library)]
    public static extern int connect(nint s, byte[] name, int namelen);
}
