namespace SharedSockets.Winsock.Facts.Native;

/// <summary>Descriptors made the documented way: WSADuplicateSocketW for this process, then WSASocketW.</summary>
internal static class Duplicates
{
    /// <summary>A WSAPROTOCOL_INFOW for this process, or throws with the Winsock error.</summary>
    public static byte[] ProtocolInfo(nint socket)
    {
        var info = new byte[Ws2.ProtocolInfoSize];
        if (Ws2.WSADuplicateSocketW(socket, Win32.GetCurrentProcessId(), info) != 0)
        {
            throw new InvalidOperationException("WSADuplicateSocketW failed: " + Ws2.WSAGetLastError());
        }

        return info;
    }

    /// <summary>The descriptor made from <paramref name="info"/>, or -1 (INVALID_SOCKET).</summary>
    public static nint FromProtocolInfo(byte[] info) =>
        Ws2.WSASocketW(Ws2.FROM_PROTOCOL_INFO, Ws2.FROM_PROTOCOL_INFO, Ws2.FROM_PROTOCOL_INFO, info, 0, Ws2.WSA_FLAG_OVERLAPPED);

    /// <summary>A second descriptor of <paramref name="socket"/>'s socket, in this process.</summary>
    public static nint Copy(nint socket)
    {
        var copy = FromProtocolInfo(ProtocolInfo(socket));
        if (copy == -1)
        {
            throw new InvalidOperationException("WSASocketW(FROM_PROTOCOL_INFO) failed: " + Ws2.WSAGetLastError());
        }

        return copy;
    }
}
