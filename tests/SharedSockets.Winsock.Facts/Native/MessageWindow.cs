namespace SharedSockets.Winsock.Facts.Native;

/// <summary>A message-only window (no display needed) and the WSAAsyncSelect messages posted to it.</summary>
internal sealed class MessageWindow : IDisposable
{
    public const uint SocketMessage = Win32.WM_USER + 1;

    public MessageWindow()
    {
        Handle = Win32.CreateWindowExW(0, "STATIC", null, 0, 0, 0, 0, 0, Win32.HWND_MESSAGE, 0, 0, 0);
        if (Handle == 0)
        {
            throw new InvalidOperationException("CreateWindowExW(HWND_MESSAGE) failed.");
        }
    }

    public nint Handle { get; }

    /// <summary>The lParams of the socket messages that arrive within <paramref name="milliseconds"/> (pumped on this thread).</summary>
    public List<nint> Collect(int milliseconds)
    {
        var found = new List<nint>();
        var deadline = Environment.TickCount64 + milliseconds;
        do
        {
            while (Win32.PeekMessageW(out var message, Handle, SocketMessage, SocketMessage, Win32.PM_REMOVE))
            {
                found.Add(message.LParam);
            }

            Thread.Sleep(10);
        }
        while (Environment.TickCount64 < deadline);
        return found;
    }

    public void Dispose() => Win32.DestroyWindow(Handle);
}
