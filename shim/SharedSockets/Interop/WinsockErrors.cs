using System;

namespace SharedSockets.Interop;

/// <summary>The Winsock error codes <see cref="SharedWinsock"/> reports, and the per-thread last error.</summary>
internal static class WinsockErrors
{
    /// <summary><c>WSAEFAULT</c>: a bad pointer or handle argument.</summary>
    public const int Fault = 10014;

    /// <summary><c>WSAEINVAL</c>: an invalid argument (undefined mask bits, a missing target).</summary>
    public const int InvalidArgument = 10022;

    /// <summary><c>WSAENOTSOCK</c>: the handle is not a socket.</summary>
    public const int NotSocket = 10038;

    [ThreadStatic]
    private static int t_lastError;

    /// <summary>The error of the last failing call on this thread (0 after a successful one, as Winsock leaves it unspecified).</summary>
    public static int LastError => t_lastError;

    /// <summary>Records <paramref name="error"/> for this thread and returns <see cref="SharedWinsock.SOCKET_ERROR"/>.</summary>
    public static int Fail(int error)
    {
        t_lastError = error;
        return SharedWinsock.SOCKET_ERROR;
    }

    /// <summary>Clears this thread's last error and returns 0.</summary>
    public static int Succeed()
    {
        t_lastError = 0;
        return 0;
    }
}
