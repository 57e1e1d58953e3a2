using System.Runtime.InteropServices;

namespace DiagnosticsSample;

/// <summary>
/// Hand-written Winsock interop, the way many codebases carry it. The declarations compile on
/// every platform; calling them needs Windows.
/// </summary>
internal static class Winsock
{
    private const string Library = "ws2_32.dll";

    public const int FD_READ = 0x01;
    public const int FD_WRITE = 0x02;
    public const int FD_CLOSE = 0x20;

    public const int SOCKET_ERROR = -1;
    public const uint WSA_WAIT_FAILED = 0xFFFFFFFF;
    public const uint WSA_WAIT_TIMEOUT = 0x102;

    [DllImport(Library, SetLastError = true)]
    public static extern nint WSACreateEvent();

    [DllImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool WSACloseEvent(nint hEvent);

    [DllImport(Library, SetLastError = true)]
    public static extern int WSAEventSelect(nint s, nint hEventObject, int lNetworkEvents);

    [DllImport(Library, SetLastError = true)]
    public static extern uint WSAWaitForMultipleEvents(
        uint cEvents,
        nint[] lphEvents,
        [MarshalAs(UnmanagedType.Bool)] bool fWaitAll,
        uint dwTimeout,
        [MarshalAs(UnmanagedType.Bool)] bool fAlertable);

    [DllImport(Library, SetLastError = true)]
    public static extern int WSAEnumNetworkEvents(nint s, nint hEventObject, out WSANETWORKEVENTS lpNetworkEvents);

    [StructLayout(LayoutKind.Sequential)]
    public struct WSANETWORKEVENTS
    {
        public int lNetworkEvents;

        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 10)]
        public int[] iErrorCode;
    }
}
