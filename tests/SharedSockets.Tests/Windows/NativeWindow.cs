using System.Runtime.InteropServices;

namespace SharedSockets.Tests.Windows;

/// <summary>A message-only window (no display needed), pumped on the thread that made it.</summary>
internal sealed class NativeWindow : IDisposable
{
    public NativeWindow()
    {
        Handle = CreateWindowExW(0, "STATIC", null, 0, 0, 0, 0, 0, HwndMessage, 0, 0, 0);
        Assert.NotEqual(0, Handle);
    }

    public nint Handle { get; }

    private static nint HwndMessage => -3;

    /// <summary>The (wParam, lParam) of every <paramref name="message"/> posted within <paramref name="duration"/>, or until <paramref name="enough"/> says so.</summary>
    public List<(nint WParam, nint LParam)> Collect(uint message, TimeSpan duration, Func<List<(nint WParam, nint LParam)>, bool>? enough = null)
    {
        var found = new List<(nint, nint)>();
        var deadline = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < deadline && (enough is null || !enough(found)))
        {
            while (PeekMessageW(out var posted, Handle, message, message, 1))
            {
                found.Add((posted.WParam, posted.LParam));
            }

            Thread.Sleep(5);
        }

        return found;
    }

    public void Dispose() => DestroyWindow(Handle);

    [DllImport("user32.dll", CharSet = CharSet.Unicode)]
    private static extern nint CreateWindowExW(uint exStyle, string className, string? windowName, uint style, int x, int y, int width, int height, nint parent, nint menu, nint instance, nint param);

    [DllImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool DestroyWindow(nint window);

    [DllImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool PeekMessageW(out Message message, nint window, uint filterMin, uint filterMax, uint remove);

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
