using System;

namespace SharedSockets;

/// <summary>Validation and helpers for <see cref="NetworkEvents"/> masks.</summary>
internal static class NetworkEventMasks
{
    /// <summary>Every defined event: the <c>FD_*</c> bits this library knows.</summary>
    public const NetworkEvents All =
        NetworkEvents.Read | NetworkEvents.Write | NetworkEvents.Oob |
        NetworkEvents.Accept | NetworkEvents.Connect | NetworkEvents.Close;

    /// <summary>Whether <paramref name="mask"/> has only defined bits (it may be <see cref="NetworkEvents.None"/>).</summary>
    public static bool HasOnlyDefinedBits(NetworkEvents mask) => (mask & ~All) == 0;

    /// <summary>Throws unless <paramref name="mask"/> names at least one event and nothing else.</summary>
    /// <exception cref="ArgumentException">The mask is <see cref="NetworkEvents.None"/> or has undefined bits.</exception>
    public static void ThrowIfInvalidSubscriptionMask(NetworkEvents mask, string parameterName)
    {
        if (mask == NetworkEvents.None)
        {
            throw new ArgumentException("The mask must name at least one event.", parameterName);
        }

        if (!HasOnlyDefinedBits(mask))
        {
            throw new ArgumentException(
                $"The mask 0x{(int)mask:X} has bits that are not FD_* events (defined: 0x{(int)All:X}).",
                parameterName);
        }
    }
}
