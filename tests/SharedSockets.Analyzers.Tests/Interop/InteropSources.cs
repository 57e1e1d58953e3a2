namespace SharedSockets.Analyzers.Tests.Interop;

/// <summary>
/// Winsock bindings in the styles users write or generate, added to test projects as separate
/// documents so each test shows only the code under test.
/// </summary>
internal static class InteropSources
{
    /// <summary>Hand-written [DllImport] with IntPtr descriptors and int masks.</summary>
    public const string DllImport = """
        using System;
        using System.Runtime.InteropServices;

        internal static class NativeMethods
        {
            public const int FD_READ = 0x01, FD_WRITE = 0x02, FD_OOB = 0x04, FD_ACCEPT = 0x08, FD_CONNECT = 0x10, FD_CLOSE = 0x20;
            public const uint WM_USER = 0x0400;
            public const int AF_INET = 2, SOCK_STREAM = 1, IPPROTO_TCP = 6;
            public const int SOL_SOCKET = 0xffff, SO_RCVBUF = 0x1002, SO_SNDBUF = 0x1001, SO_KEEPALIVE = 0x0008, SO_LINGER = 0x0080, TCP_NODELAY = 0x0001;
            public const int SD_RECEIVE = 0, SD_SEND = 1, SD_BOTH = 2;
            public const int FIONBIO = unchecked((int)0x8004667E);
            public const int FROM_PROTOCOL_INFO = -1;
            public const uint DUPLICATE_SAME_ACCESS = 2;

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int WSAEventSelect(IntPtr s, IntPtr hEventObject, int lNetworkEvents);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int WSAAsyncSelect(IntPtr s, IntPtr hWnd, uint wMsg, int lEvent);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern IntPtr WSACreateEvent();

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern IntPtr socket(int af, int type, int protocol);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern IntPtr accept(IntPtr s, IntPtr addr, IntPtr addrlen);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int closesocket(IntPtr s);

            [DllImport("ws2_32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern int WSADuplicateSocketW(IntPtr s, int dwProcessId, out WSAPROTOCOL_INFOW lpProtocolInfo);

            [DllImport("ws2_32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern IntPtr WSASocketW(int af, int type, int protocol, ref WSAPROTOCOL_INFOW lpProtocolInfo, uint g, uint dwFlags);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int setsockopt(IntPtr s, int level, int optname, ref int optval, int optlen);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int getsockopt(IntPtr s, int level, int optname, out int optval, ref int optlen);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int ioctlsocket(IntPtr s, int cmd, ref uint argp);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int WSAIoctl(IntPtr s, int dwIoControlCode, ref uint lpvInBuffer, int cbInBuffer, IntPtr lpvOutBuffer, int cbOutBuffer, out int lpcbBytesReturned, IntPtr lpOverlapped, IntPtr lpCompletionRoutine);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int shutdown(IntPtr s, int how);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int recv(IntPtr s, byte[] buf, int len, int flags);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int send(IntPtr s, byte[] buf, int len, int flags);

            [DllImport("kernel32.dll", SetLastError = true)]
            public static extern bool DuplicateHandle(IntPtr hSourceProcessHandle, IntPtr hSourceHandle, IntPtr hTargetProcessHandle, out IntPtr lpTargetHandle, uint dwDesiredAccess, bool bInheritHandle, uint dwOptions);

            [DllImport("kernel32.dll")]
            public static extern IntPtr GetCurrentProcess();

            [DllImport("kernel32.dll", SetLastError = true)]
            public static extern IntPtr OpenProcess(uint access, bool inherit, int processId);

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern IntPtr CreateEventW(IntPtr attributes, bool manualReset, bool initialState, string? name);

            [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
            public struct WSAPROTOCOL_INFOW
            {
                public uint dwServiceFlags1;
                public int iAddressFamily;
                public int iSocketType;
                public int iProtocol;
            }
        }
        """;

    /// <summary>Renamed entry points, nint descriptors, a constant library name and a class that says nothing about sockets.</summary>
    public const string RenamedDllImport = """
        using System.Runtime.InteropServices;

        internal static class Sys
        {
            private const string Winsock = "Ws2_32";

            [DllImport(Winsock, EntryPoint = "WSAEventSelect")]
            public static extern int Select(nint socket, nint @event, int mask);

            [DllImport(Winsock, EntryPoint = "WSAAsyncSelect")]
            public static extern int SelectWindow(nint socket, nint window, int message, int mask);
        }
        """;

    /// <summary>[LibraryImport] (source-generated marshalling), as .NET 7+ projects write it.</summary>
    public const string LibraryImport = """
        using System;
        using System.Runtime.InteropServices;

        internal static partial class Ws2
        {
            [LibraryImport("ws2_32.dll", SetLastError = true)]
            public static partial int WSAEventSelect(nint s, nint hEventObject, int lNetworkEvents);

            [LibraryImport("ws2_32.dll", EntryPoint = "WSAAsyncSelect", SetLastError = true)]
            public static partial int AsyncSelect(nint s, nint hWnd, uint wMsg, int lEvent);

            [LibraryImport("ws2_32.dll", SetLastError = true)]
            public static partial int setsockopt(nint s, int level, int optname, ref int optval, int optlen);

            [LibraryImport("ws2_32.dll", SetLastError = true)]
            public static partial int ioctlsocket(nint s, int cmd, ref uint argp);

            [LibraryImport("ws2_32.dll", SetLastError = true)]
            public static partial int shutdown(nint s, int how);

            [LibraryImport("ws2_32.dll", EntryPoint = "WSADuplicateSocketW", SetLastError = true)]
            public static partial int DuplicateSocket(nint s, int dwProcessId, out ProtocolInfo lpProtocolInfo);

            [LibraryImport("ws2_32.dll", EntryPoint = "WSASocketW", SetLastError = true)]
            public static partial nint SocketFromInfo(int af, int type, int protocol, ref ProtocolInfo lpProtocolInfo, uint g, uint dwFlags);

            [LibraryImport("kernel32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static partial bool DuplicateHandle(nint hSourceProcessHandle, nint hSourceHandle, nint hTargetProcessHandle, out nint lpTargetHandle, uint dwDesiredAccess, [MarshalAs(UnmanagedType.Bool)] bool bInheritHandle, uint dwOptions);

            [StructLayout(LayoutKind.Sequential)]
            public struct ProtocolInfo { public uint ServiceFlags1; public int AddressFamily; }
        }
        """;

    /// <summary>CsWin32-style generated bindings: a PInvoke class and SOCKET/HANDLE structs.</summary>
    public const string CsWin32 = """
        namespace Windows.Win32
        {
            using System.Runtime.InteropServices;
            using Windows.Win32.Foundation;
            using Windows.Win32.Networking.WinSock;

            internal static partial class PInvoke
            {
                [DllImport("WS2_32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern int WSAEventSelect(SOCKET s, HANDLE hEventObject, int lNetworkEvents);

                [DllImport("WS2_32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern HANDLE WSACreateEvent();

                [DllImport("WS2_32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern unsafe int setsockopt(SOCKET s, int level, int optname, byte* optval, int optlen);

                [DllImport("WS2_32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern unsafe int ioctlsocket(SOCKET s, int cmd, uint* argp);

                [DllImport("WS2_32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern int shutdown(SOCKET s, WINSOCK_SHUTDOWN_HOW how);

                [DllImport("WS2_32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern int closesocket(SOCKET s);

                [DllImport("WS2_32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern unsafe int WSADuplicateSocketW(SOCKET s, uint dwProcessId, WSAPROTOCOL_INFOW* lpProtocolInfo);

                [DllImport("WS2_32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern unsafe SOCKET WSASocketW(int af, int type, int protocol, WSAPROTOCOL_INFOW* lpProtocolInfo, uint g, uint dwFlags);

                [DllImport("KERNEL32.dll", ExactSpelling = true, SetLastError = true)]
                internal static extern unsafe bool DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle, HANDLE hTargetProcessHandle, HANDLE* lpTargetHandle, uint dwDesiredAccess, bool bInheritHandle, uint dwOptions);

                internal const int FD_READ = 1, FD_WRITE = 2, FD_CLOSE = 32;
                internal const int SOL_SOCKET = 0xffff, SO_RCVBUF = 0x1002, SO_SNDBUF = 0x1001;
                internal const int FIONBIO = unchecked((int)0x8004667E);
            }
        }

        namespace Windows.Win32.Foundation
        {
            internal readonly partial struct HANDLE
            {
                internal readonly nint Value;
                internal HANDLE(nint value) => Value = value;
                internal static HANDLE Null => default;
            }
        }

        namespace Windows.Win32.Networking.WinSock
        {
            internal readonly partial struct SOCKET
            {
                internal readonly nuint Value;
                internal SOCKET(nuint value) => Value = value;
            }

            internal enum WINSOCK_SHUTDOWN_HOW { SD_RECEIVE = 0, SD_SEND = 1, SD_BOTH = 2 }

            internal struct WSAPROTOCOL_INFOW { public uint dwServiceFlags1; }
        }
        """;

    /// <summary>Vanara-style wrapper: a Ws2_32 class, a SOCKET struct, a SafeHandle event, an FD flags enum.</summary>
    public const string Vanara = """
        namespace Vanara.PInvoke
        {
            using System;
            using System.Runtime.InteropServices;

            public static partial class Ws2_32
            {
                [Flags]
                public enum FD { FD_NONE = 0, FD_READ = 1, FD_WRITE = 2, FD_CLOSE = 32 }

                public struct SOCKET
                {
                    private readonly IntPtr handle;
                    public SOCKET(IntPtr handle) => this.handle = handle;
                }

                public sealed class SafeWSAEVENT : SafeHandle
                {
                    public SafeWSAEVENT() : base(IntPtr.Zero, true) { }
                    public override bool IsInvalid => handle == IntPtr.Zero;
                    protected override bool ReleaseHandle() => true;
                }

                public enum SD { SD_RECEIVE = 0, SD_SEND = 1, SD_BOTH = 2 }

                public struct WSAPROTOCOL_INFO { public uint dwServiceFlags1; }

                [DllImport("ws2_32.dll", SetLastError = false, ExactSpelling = true)]
                public static extern int WSAEventSelect(SOCKET s, SafeWSAEVENT hEventObject, FD lNetworkEvents);

                [DllImport("ws2_32.dll", SetLastError = false, ExactSpelling = true)]
                public static extern int setsockopt(SOCKET s, int level, int optname, IntPtr optval, int optlen);

                [DllImport("ws2_32.dll", SetLastError = false, ExactSpelling = true)]
                public static extern int ioctlsocket(SOCKET s, int cmd, ref uint argp);

                [DllImport("ws2_32.dll", SetLastError = false, ExactSpelling = true)]
                public static extern int shutdown(SOCKET s, SD how);

                [DllImport("ws2_32.dll", SetLastError = false, ExactSpelling = true)]
                public static extern int closesocket(SOCKET s);

                [DllImport("ws2_32.dll", SetLastError = false, CharSet = CharSet.Unicode)]
                public static extern int WSADuplicateSocket(SOCKET s, uint dwProcessId, out WSAPROTOCOL_INFO lpProtocolInfo);

                [DllImport("ws2_32.dll", SetLastError = false, CharSet = CharSet.Unicode)]
                public static extern SOCKET WSASocket(int af, int type, int protocol, in WSAPROTOCOL_INFO lpProtocolInfo, uint g, uint dwFlags);
            }
        }
        """;

    /// <summary>SafeHandle-typed bindings, used with Socket.SafeHandle.</summary>
    public const string SafeHandles = """
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using Microsoft.Win32.SafeHandles;

        internal static class SafeNative
        {
            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int WSAEventSelect(SafeSocketHandle s, SafeWaitHandle hEventObject, int lNetworkEvents);
        }
        """;
}
