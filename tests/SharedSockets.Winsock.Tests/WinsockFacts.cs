namespace SharedSockets.Winsock.Tests;

/// <summary>The facts the rules rest on (docs/winsock-facts.md), as the probe SharedSockets.Winsock.Facts words its answers.</summary>
public static class WinsockFacts
{
    public static readonly IReadOnlyList<WinsockFact> All =
    [
        new("F01-options-shared", "original-reads-copy's-value=True changed=True"),
        new("F02-later-registration-same-descriptor", "first=quiet second=signalled"),
        new("F03-later-registration-through-duplicate", "first=quiet second=signalled"),
        new("F04-asyncselect-then-eventselect", "messages=0 event=signalled"),
        new("F05-same-event-new-mask", "event=signalled events=FD_READ"),
        new("F06-null-zero-clears", "clear=0 event=quiet"),
        new("F07-registration-makes-nonblocking", "recv=-1/10035"),
        new("F08-fionbio-refused-while-registered", "while-registered=-1/10022 after-clear=0"),
        new("F09-blocking-mode-shared", "recv-through-original=-1/10035"),
        new("F10-managed-blocking-while-registered", "getter=True setter=10022"),
        new("F11-closesocket-copy", "close=0 send=5 peer=after"),
        new("F12-shutdown-copy", "peer=EOF original-send=-1/10058"),
        new("F13-recv-after-shutdown-receive", "recv-through-original=-1/10058"),
        new("F14-duplicate-and-close", "new-socket-peer=dup original=ObjectDisposedException"),
        new("F15-accepted-inherits-registration", "accepted-event=signalled events=FD_READ fionbio=-1/10022"),
        new("F16-read-reenabled-by-recv", "first=signalled more-data-before-recv=quiet recv=byte after-recv-with-data-left=signalled"),
        new("F17-write-at-registration-only", "at-registration=signalled send=1 after-send=quiet"),
        new("F18-close-not-reenabled", "first=signalled recv=0,0 after-recv=quiet"),
        new("F19-asyncselect-message", "messages=1 lparams=0x1"),
        new("F20-close-event-graceful", "event=signalled events=FD_CLOSE error=0"),
        // Documented: FD_CLOSE after a reset carries WSAECONNRESET. Wine 8 reports error 0.
        new("F21-close-event-abortive", "event=signalled events=FD_CLOSE error=10054", Wine: "event=signalled events=FD_CLOSE error=0"),
        // Documented: a WSAPROTOCOL_INFO is used once; what a second use does is not. Wine hands back the same descriptor.
        new("F22-protocol-info-used-twice", Documented: null, Wine: "first=descriptor second=the-same-descriptor"),
        // .NET: reusing one SocketInformation is "strongly discouraged", without a defined outcome.
        new("F23-socketinformation-used-twice", Documented: null, Wine: "second=usable peer=2"),
        // Documented: DuplicateHandle must not be used on sockets; no outcome is defined. Wine copies the handle, and the copy is no socket.
        new("F24-duplicatehandle-on-socket", Documented: null, Wine: "duplicatehandle=ok copy-as-socket=-1/10038"),
        new("F25-registration-in-another-process", "child=registered/signalled parent=quiet"),
    ];
}
