using System.Runtime.InteropServices;

namespace SharedSockets.Winsock.Facts.Native;

/// <summary>kernel32: event objects and handles (the message-only window is <c>MessageOnlyWindow</c>, shared with the shim tests).</summary>
internal static class Win32
{
    public const uint WAIT_OBJECT_0 = 0;
    public const uint DUPLICATE_SAME_ACCESS = 2;

    [DllImport("kernel32.dll", SetLastError = true)]
    public static extern nint CreateEventW(nint attributes, [MarshalAs(UnmanagedType.Bool)] bool manualReset, [MarshalAs(UnmanagedType.Bool)] bool initialState, nint name);

    [DllImport("kernel32.dll")]
    public static extern uint WaitForSingleObject(nint handle, uint milliseconds);

    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ResetEvent(nint handle);

    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool CloseHandle(nint handle);

    [DllImport("kernel32.dll")]
    public static extern nint GetCurrentProcess();

    [DllImport("kernel32.dll")]
    public static extern uint GetCurrentProcessId();

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool DuplicateHandle(nint sourceProcess, nint source, nint targetProcess, out nint target, uint access, [MarshalAs(UnmanagedType.Bool)] bool inherit, uint options);
}
