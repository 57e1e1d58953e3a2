using System.Text;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// Socket interop sprinkled through variant (b): a ws2_32/kernel32 [DllImport] binding class per project,
/// connection classes with registrations in fields, and methods that register events, set options,
/// change blocking mode, duplicate, hand off, shut down, use managed Sockets and go through wrappers.
/// Mostly correct code with some misuse, as a real code base would have.
/// </summary>
internal static class SocketCode
{
    public const string Usings = """
        using System.Net.Sockets;
        using static NativeMethods;
        """;

    public const string Bindings = """
        using System;
        using System.Runtime.InteropServices;

        public static class NativeMethods
        {
            public const int FD_READ = 0x01, FD_WRITE = 0x02, FD_OOB = 0x04, FD_ACCEPT = 0x08, FD_CONNECT = 0x10, FD_CLOSE = 0x20;
            public const int SOL_SOCKET = 0xffff, SO_RCVBUF = 0x1002, SO_SNDBUF = 0x1001, SO_KEEPALIVE = 0x0008, IPPROTO_TCP = 6, TCP_NODELAY = 0x0001;
            public const int SD_RECEIVE = 0, SD_SEND = 1, SD_BOTH = 2;
            public const int FIONBIO = unchecked((int)0x8004667E);
            public const int FROM_PROTOCOL_INFO = -1;
            public const uint DUPLICATE_SAME_ACCESS = 2;

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int WSAEventSelect(IntPtr s, IntPtr hEventObject, int lNetworkEvents);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern IntPtr WSACreateEvent();

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int closesocket(IntPtr s);

            [DllImport("ws2_32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern int WSADuplicateSocketW(IntPtr s, int dwProcessId, out WSAPROTOCOL_INFOW lpProtocolInfo);

            [DllImport("ws2_32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern IntPtr WSASocketW(int af, int type, int protocol, ref WSAPROTOCOL_INFOW lpProtocolInfo, uint g, uint dwFlags);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int setsockopt(IntPtr s, int level, int optname, ref int optval, int optlen);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int ioctlsocket(IntPtr s, int cmd, ref uint argp);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int shutdown(IntPtr s, int how);

            [DllImport("kernel32.dll", SetLastError = true)]
            public static extern bool DuplicateHandle(IntPtr hSourceProcessHandle, IntPtr hSourceHandle, IntPtr hTargetProcessHandle, out IntPtr lpTargetHandle, uint dwDesiredAccess, bool bInheritHandle, uint dwOptions);

            [DllImport("kernel32.dll")]
            public static extern IntPtr GetCurrentProcess();

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

    /// <summary>A class holding a socket in fields, registering from several methods (and a wrapper).</summary>
    public static void Connection(StringBuilder code, int id) =>
        code.AppendLine($$"""
                public sealed class Connection{{id}} : IDisposable
                {
                    private readonly IntPtr socket;
                    private readonly IntPtr readEvent = WSACreateEvent();
                    private readonly IntPtr writeEvent = WSACreateEvent();

                    public Connection{{id}}(IntPtr accepted) => socket = accepted;

                    public void StartReader() => Watch(socket, readEvent, FD_READ | FD_CLOSE);

                    public void StartWriter() => WSAEventSelect(socket, writeEvent, FD_WRITE);

                    public void MakeBlocking()
                    {
                        uint mode = 0;
                        ioctlsocket(socket, FIONBIO, ref mode);
                    }

                    public void Dispose()
                    {
                        WSAEventSelect(socket, IntPtr.Zero, 0);
                        closesocket(socket);
                    }

                    private static int Watch(IntPtr s, IntPtr e, int mask) => WSAEventSelect(s, e, mask);
                }

            """);

    /// <summary>One socket method of a service class; <paramref name="kind"/> picks the template.</summary>
    public static void ServiceMethod(StringBuilder code, int method, int kind)
    {
        switch (kind % 6)
        {
            case 0:
                code.AppendLine($$"""
                            public void Arm{{method}}(IntPtr s, IntPtr readEvent, bool write)
                            {
                                WSAEventSelect(s, readEvent, FD_READ | FD_CLOSE);
                                if (write)
                                {
                                    WSAEventSelect(s, readEvent, FD_READ | FD_WRITE | FD_CLOSE);
                                }
                            }

                    """);
                break;
            case 1:
                code.AppendLine($$"""
                            public int Tune{{method}}(IntPtr s, int size)
                            {
                                var alias = s;
                                setsockopt(s, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                                var on = 1;
                                return setsockopt(alias, IPPROTO_TCP, TCP_NODELAY, ref on, sizeof(int));
                            }

                    """);
                break;
            case 2:
                code.AppendLine($$"""
                            public bool HandOff{{method}}(IntPtr s, int processId, out WSAPROTOCOL_INFOW info)
                            {
                                if (WSADuplicateSocketW(s, processId, out info) != 0)
                                {
                                    return false;
                                }

                                closesocket(s);
                                return true;
                            }

                            public IntPtr Adopt{{method}}(ref WSAPROTOCOL_INFOW info) => WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);

                    """);
                break;
            case 3:
                code.AppendLine($$"""
                            public SocketInformation Transfer{{method}}(Socket socket, int processId)
                            {
                                socket.NoDelay = true;
                                socket.ReceiveBufferSize = 64 * 1024;
                                return socket.DuplicateAndClose(processId);
                            }

                            public void Serve{{method}}(Socket listener)
                            {
                                using var client = listener.Accept();
                                client.Blocking = false;
                                client.Shutdown(SocketShutdown.Send);
                            }

                    """);
                break;
            case 4:
                code.AppendLine($$"""
                            public void Release{{method}}(IntPtr s, int processId)
                            {
                                WSADuplicateSocketW(s, processId, out var info);
                                shutdown(s, SD_BOTH);
                                closesocket(s);
                            }

                    """);
                break;
            default:
                code.AppendLine($$"""
                            public void Start{{method}}(IntPtr s)
                            {
                                var ready = WSACreateEvent();
                                WSAEventSelect(s, ready, FD_ACCEPT);
                                uint mode = 0;
                                ioctlsocket(s, FIONBIO, ref mode);
                                DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out _, 0, false, DUPLICATE_SAME_ACCESS);
                            }

                    """);
                break;
        }
    }
}
