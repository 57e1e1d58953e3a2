using System.Collections.Generic;

namespace SharedSockets.Interop;

/// <summary>The shape of <c>WSAAsyncSelect</c> messages.</summary>
internal static class WindowMessages
{
    /// <summary>Each event on its own, lowest bit first (one message per event, as Winsock posts them).</summary>
    public static IEnumerable<NetworkEvents> Split(NetworkEvents events)
    {
        for (var bit = 1; bit <= (int)NetworkEventMasks.All; bit <<= 1)
        {
            if (((int)events & bit) != 0)
            {
                yield return (NetworkEvents)bit;
            }
        }
    }

    /// <summary><c>WSAMAKESELECTREPLY(event, error)</c>: the event in the low word, the error in the high word.</summary>
    public static nint MakeSelectReply(NetworkEvents single, int error) =>
        (nint)(((error & 0xFFFF) << 16) | ((int)single & 0xFFFF));
}
