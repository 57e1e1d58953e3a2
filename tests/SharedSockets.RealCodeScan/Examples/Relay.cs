using System;
using static NativeMethods;

// One socket, two roles that each register their own event: the second registration cancels the first.
internal sealed class Relay
{
    private readonly IntPtr _socket;

    public Relay(IntPtr socket) => _socket = socket;

    public void StartReading(IntPtr readReady) => WSAEventSelect(_socket, readReady, FD_READ | FD_CLOSE);

    public void StartWriting(IntPtr writeReady) => WSAEventSelect(_socket, writeReady, FD_WRITE);
}
