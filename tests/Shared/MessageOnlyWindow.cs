using System.Runtime.InteropServices;

namespace SharedSockets.Testing.Native;

/// <summary>
/// A message-only window (no display needed) for WSAAsyncSelect, pumped on the thread that made it. Shared by
/// the Winsock facts program and the shim tests' Windows half, which both run on a real (or Wine's) user32.
/// </summary>
internal sealed class MessageOnlyWindow : IDisposable
{
    /// <summary>WM_USER + 1: the message the checks ask Winsock to post.</summary>
    public const uint SocketMessage = 0x0400 + 1;

    private const nint HwndMessage = -3;
    private const uint PmRemove = 1;

    public MessageOnlyWindow()
    {
        Handle = CreateWindowExW(0, "STATIC", null, 0, 0, 0, 0, 0, HwndMessage, 0, 0, 0);
        if (Handle == 0)
        {
            throw new InvalidOperationException($"CreateWindowExW(HWND_MESSAGE) failed with {Marshal.GetLastPInvokeError()}.");
        }
    }

    public nint Handle { get; }

    /// <summary>
    /// The (wParam, lParam) of every <paramref name="message"/> posted within <paramref name="duration"/>, or until
    /// <paramref name="enough"/> says so (it is asked after each pump, so a wait for one message ends with it).
    /// </summary>
    public List<(nint WParam, nint LParam)> Collect(uint message, TimeSpan duration, Func<List<(nint WParam, nint LParam)>, bool>? enough = null)
    {
        var found = new List<(nint, nint)>();
        var deadline = DateTime.UtcNow + duration;
        do
        {
            while (PeekMessageW(out var posted, Handle, message, message, PmRemove))
            {
                found.Add((posted.WParam, posted.LParam));
            }

            if (enough is not null && enough(found))
            {
                break;
            }

            Thread.Sleep(5);
        }
        while (DateTime.UtcNow < deadline);
        return found;
    }

    public void Dispose() => DestroyWindow(Handle);

    [DllImport("user32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    private static extern nint CreateWindowExW(uint exStyle, string className, string? windowName, uint style, int x, int y, int width, int height, nint parent, nint menu, nint instance, nint param);

    [DllImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool DestroyWindow(nint window);

    [DllImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool PeekMessageW(out Message message, nint window, uint filterMin, uint filterMax, uint remove);

    /// <summary>MSG.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Message
    {
        public nint Window;
        public uint Id;
        public nint WParam;
        public nint LParam;
        public uint Time;
        public int X;
        public int Y;
    }
}
