namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// Realistic code that touches every socket API shape the rules know (registrations, duplication,
/// options, blocking mode, shutdown, hand-off, DuplicateHandle) in every binding style, through
/// fields, aliases, lambdas, local functions and wrappers. Robustness tests cut and mutate it, so
/// it deliberately contains misuse (the rules fire) as well as correct code.
/// Compiles with <see cref="Interop.InteropSources"/>' DllImport, LibraryImport, CsWin32 and Vanara bindings.
/// </summary>
internal static class SocketHeavySources
{
    public const string Server = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Win32.SafeHandles;
        using static NativeMethods;

        namespace Contoso.Server
        {
            internal sealed class PreforkServer : IDisposable
            {
                private readonly IntPtr listener;
                private readonly IntPtr readEvent = WSACreateEvent();
                private readonly IntPtr writeEvent = WSACreateEvent();
                private readonly List<Process> workers = new();
                private IntPtr shared;

                public PreforkServer(IntPtr accepted)
                {
                    listener = accepted;
                    shared = listener;
                }

                public void StartReader() => WSAEventSelect(listener, readEvent, FD_READ | FD_CLOSE);

                public void StartWriter() => WSAEventSelect(shared, writeEvent, FD_WRITE);

                public void HandOff(IEnumerable<int> processIds)
                {
                    foreach (var pid in processIds)
                    {
                        if (WSADuplicateSocketW(listener, pid, out var info) != 0)
                        {
                            throw new SocketException();
                        }

                        var local = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        WSAEventSelect(local, readEvent, FD_ACCEPT);
                        var again = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                        closesocket(again);
                    }
                }

                public void Configure(bool fast)
                {
                    int size = 64 * 1024, on = 1;
                    setsockopt(listener, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                    var alias = shared;
                    if (fast)
                    {
                        setsockopt(alias, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                        setsockopt(alias, IPPROTO_TCP, TCP_NODELAY, ref on, sizeof(int));
                    }
                    else
                    {
                        uint blocking = 0;
                        ioctlsocket(alias, FIONBIO, ref blocking);
                        WSAIoctl(alias, FIONBIO, ref blocking, sizeof(uint), IntPtr.Zero, 0, out _, IntPtr.Zero, IntPtr.Zero);
                    }
                }

                public void Release()
                {
                    WSAEventSelect(listener, IntPtr.Zero, 0);
                    uint blocking = 0;
                    ioctlsocket(listener, FIONBIO, ref blocking);
                    shutdown(shared, SD_BOTH);
                    closesocket(listener);
                }

                public void Leak(IntPtr target)
                {
                    DuplicateHandle(GetCurrentProcess(), listener, OpenProcess(0x40, false, 42), out var copy, 0, false, DUPLICATE_SAME_ACCESS);
                    DuplicateHandle(GetCurrentProcess(), readEvent, target, out _, 0, false, DUPLICATE_SAME_ACCESS);
                    Watch(copy, writeEvent);
                }

                public Task RunWorkersAsync(CancellationToken token)
                {
                    var tasks = new List<Task>();
                    for (var index = 0; index < 4; index++)
                    {
                        var slot = index;
                        tasks.Add(Task.Run(() =>
                        {
                            var mine = WSACreateEvent();
                            WSAEventSelect(listener, mine, slot % 2 == 0 ? FD_READ : FD_WRITE);
                            Local(listener);

                            void Local(IntPtr s) => WSAAsyncSelect(s, IntPtr.Zero, WM_USER + (uint)slot, FD_CLOSE);
                        }, token));
                    }

                    return Task.WhenAll(tasks);
                }

                private static int Watch(IntPtr s, IntPtr e) => WSAEventSelect(s, e, FD_READ);

                private static void Tune(IntPtr s, int bytes) => setsockopt(s, SOL_SOCKET, SO_SNDBUF, ref bytes, sizeof(int));

                public void UseWrappers()
                {
                    Watch(listener, readEvent);
                    Watch(shared, writeEvent);
                    Tune(listener, 1 << 16);
                    Tune(shared, 1 << 17);
                }

                public void Dispose()
                {
                    foreach (var worker in workers)
                    {
                        worker.Dispose();
                    }

                    closesocket(listener);
                }
            }

            internal sealed class ManagedPool
            {
                private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private Socket? alias;

                public SocketInformation Send(int processId)
                {
                    var info = socket.DuplicateAndClose(processId);
                    socket.NoDelay = true;
                    var first = new Socket(info);
                    var second = new Socket(info);
                    first.Blocking = false;
                    second.ReceiveBufferSize = 1024;
                    return info;
                }

                public void Adopt(IntPtr inherited, string[] args)
                {
                    var handle = new SafeSocketHandle(inherited, ownsHandle: false);
                    alias = new Socket(handle);
                    var parsed = new Socket(new SafeSocketHandle((IntPtr)long.Parse(args[0]), false));
                    alias.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer, 4096);
                    parsed.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer, 8192);
                    parsed.Shutdown(SocketShutdown.Both);
                    alias.Disconnect(reuseSocket: false);
                    alias.Blocking = true;
                }

                public async Task EchoAsync(CancellationToken token)
                {
                    var buffer = new byte[4096];
                    var view = new Socket(new SafeSocketHandle(socket.Handle, ownsHandle: false));
                    while (!token.IsCancellationRequested)
                    {
                        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, token);
                        if (read == 0)
                        {
                            view.Shutdown(SocketShutdown.Send);
                            break;
                        }

                        view.LingerState = new LingerOption(true, 1);
                        socket.IOControl(IOControlCode.NonBlockingIO, BitConverter.GetBytes(1), null);
                    }
                }
            }

            internal static class Styles
            {
                public static unsafe void ViaCsWin32(Windows.Win32.Networking.WinSock.SOCKET s)
                {
                    var e1 = Windows.Win32.PInvoke.WSACreateEvent();
                    var e2 = Windows.Win32.PInvoke.WSACreateEvent();
                    Windows.Win32.PInvoke.WSAEventSelect(s, e1, Windows.Win32.PInvoke.FD_READ);
                    Windows.Win32.PInvoke.WSAEventSelect(s, e2, Windows.Win32.PInvoke.FD_WRITE);
                    int size = 8192;
                    Windows.Win32.PInvoke.setsockopt(s, Windows.Win32.PInvoke.SOL_SOCKET, Windows.Win32.PInvoke.SO_RCVBUF, (byte*)&size, sizeof(int));
                    uint mode = 1;
                    Windows.Win32.PInvoke.ioctlsocket(s, Windows.Win32.PInvoke.FIONBIO, &mode);
                    Windows.Win32.Networking.WinSock.WSAPROTOCOL_INFOW info;
                    Windows.Win32.PInvoke.WSADuplicateSocketW(s, 7, &info);
                    var copy = Windows.Win32.PInvoke.WSASocketW(-1, -1, -1, &info, 0, 0);
                    Windows.Win32.PInvoke.shutdown(copy, Windows.Win32.Networking.WinSock.WINSOCK_SHUTDOWN_HOW.SD_BOTH);
                    Windows.Win32.Foundation.HANDLE target;
                    Windows.Win32.PInvoke.DuplicateHandle(default, new Windows.Win32.Foundation.HANDLE((nint)s.Value), default, &target, 0, false, 2);
                }

                public static void ViaVanara(Vanara.PInvoke.Ws2_32.SOCKET s, Vanara.PInvoke.Ws2_32.SafeWSAEVENT a, Vanara.PInvoke.Ws2_32.SafeWSAEVENT b)
                {
                    Vanara.PInvoke.Ws2_32.WSAEventSelect(s, a, Vanara.PInvoke.Ws2_32.FD.FD_READ);
                    Vanara.PInvoke.Ws2_32.WSAEventSelect(s, b, Vanara.PInvoke.Ws2_32.FD.FD_WRITE);
                    Vanara.PInvoke.Ws2_32.WSADuplicateSocket(s, 9, out var info);
                    var one = Vanara.PInvoke.Ws2_32.WSASocket(-1, -1, -1, in info, 0, 0);
                    var two = Vanara.PInvoke.Ws2_32.WSASocket(-1, -1, -1, in info, 0, 0);
                    Vanara.PInvoke.Ws2_32.shutdown(one, Vanara.PInvoke.Ws2_32.SD.SD_SEND);
                    Vanara.PInvoke.Ws2_32.closesocket(two);
                }

                public static void ViaLibraryImport(nint s)
                {
                    int size = 4096;
                    Ws2.WSAEventSelect(s, 1, 1);
                    Ws2.AsyncSelect(s, 2, 0x400, 2);
                    Ws2.setsockopt(s, 0xffff, 0x1002, ref size, 4);
                    Ws2.DuplicateSocket(s, 11, out var info);
                    var copy = Ws2.SocketFromInfo(-1, -1, -1, ref info, 0, 0);
                    Ws2.setsockopt(copy, 0xffff, 0x1002, ref size, 4);
                    Ws2.shutdown(copy, 2);
                    Ws2.DuplicateHandle(0, s, 0, out _, 0, false, 2);
                }
            }
        }
        """;

    /// <summary>Binding trees the server compiles against (none of them is mutated by the fuzzer).</summary>
    public static readonly string[] Bindings =
    {
        Interop.InteropSources.DllImport,
        Interop.InteropSources.LibraryImport,
        Interop.InteropSources.CsWin32,
        Interop.InteropSources.Vanara,
    };
}
