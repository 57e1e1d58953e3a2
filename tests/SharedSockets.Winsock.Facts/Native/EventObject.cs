namespace SharedSockets.Winsock.Facts.Native;

/// <summary>A manual-reset Win32 event object, as WSACreateEvent makes.</summary>
internal sealed class EventObject : IDisposable
{
    public EventObject()
    {
        Handle = Win32.CreateEventW(0, manualReset: true, initialState: false, 0);
        if (Handle == 0)
        {
            throw new InvalidOperationException("CreateEventW failed.");
        }
    }

    public nint Handle { get; }

    /// <summary>"signalled" or "quiet": whether the event is set within <paramref name="milliseconds"/>.</summary>
    public string State(uint milliseconds) =>
        Win32.WaitForSingleObject(Handle, milliseconds) == Win32.WAIT_OBJECT_0 ? "signalled" : "quiet";

    public void Reset() => Win32.ResetEvent(Handle);

    public void Dispose() => Win32.CloseHandle(Handle);
}
