using System;
using System.Runtime.InteropServices;

// The bindings live in their own file, as in most real programs: only a scan of the whole folder
// as one project lets the analyzers see that Relay's calls are Winsock calls.
internal static class NativeMethods
{
    public const int FD_READ = 0x01;
    public const int FD_WRITE = 0x02;
    public const int FD_CLOSE = 0x20;

    [DllImport("ws2_32.dll", SetLastError = true)]
    public static extern int WSAEventSelect(IntPtr s, IntPtr hEventObject, int lNetworkEvents);
}
