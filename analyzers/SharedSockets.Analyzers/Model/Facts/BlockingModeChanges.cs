using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>The mode a blocking-mode change asks for.</summary>
internal enum BlockingMode
{
    /// <summary>Not a constant: the call may go either way.</summary>
    Unknown,
    Blocking,
    NonBlocking,
}

/// <summary>
/// Calls that change a socket's blocking mode, in every spelling: <c>ioctlsocket(s, FIONBIO, ref arg)</c>,
/// <c>WSAIoctl(s, FIONBIO, …)</c>, <c>socket.Blocking = …</c> and <c>socket.IOControl(IOControlCode.NonBlockingIO, …)</c>.
/// Blocking mode is socket state ([doc]): a change through any descriptor applies to all of them.
/// </summary>
internal static class BlockingModeChanges
{
    /// <summary>FIONBIO = _IOW('f', 126, u_long); <c>IOControlCode.NonBlockingIO</c> has the same value.</summary>
    private const uint Fionbio = 0x8004667E;

    public static bool IsModeChange(SocketCall call) => call.Kind switch
    {
        SocketOperationKind.SetBlocking => true,
        SocketOperationKind.IoctlSocket or SocketOperationKind.Ioctl => IsFionbio(call[ArgumentRole.Command]),
        _ => false,
    };

    /// <summary>FIONBIO's argument: 0 is blocking, anything else non-blocking; <c>Blocking = true</c> is blocking.</summary>
    public static BlockingMode ModeOf(SocketCall call, OptionValues values)
    {
        if (values.ConstantOf(call[ArgumentRole.Value]) is not { } value)
        {
            return BlockingMode.Unknown;
        }

        var blocking = call.Kind == SocketOperationKind.SetBlocking ? value != 0 : value == 0;
        return blocking ? BlockingMode.Blocking : BlockingMode.NonBlocking;
    }

    /// <summary>How a mode reads in a message: <c>blocking mode</c>, <c>non-blocking mode</c>, or <c>the blocking mode</c> when not known.</summary>
    public static string Describe(BlockingMode mode) => mode switch
    {
        BlockingMode.Blocking => "blocking mode",
        BlockingMode.NonBlocking => "non-blocking mode",
        _ => "the blocking mode",
    };

    private static bool IsFionbio(IOperation? command)
    {
        if (command is null)
        {
            return false;
        }

        var constant = command.ConstantValue.HasValue ? command.ConstantValue : command.WithoutConversions().ConstantValue;
        return constant is { HasValue: true, Value: { } value }
               && OptionValues.TryToInt64(value, out var number)
               && unchecked((uint)number) == Fionbio;
    }
}
