using System.Collections.Immutable;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// A recognised socket API: what it does and which parameter plays which role.
/// <see cref="InstanceRole"/> binds the receiver of a managed member (e.g. the <c>Socket</c> of
/// <c>socket.Shutdown(...)</c>); <see cref="ParameterRoles"/> maps roles to parameter ordinals.
/// </summary>
internal sealed class SocketApi
{
    public SocketApi(
        SocketOperationKind kind,
        string displayName,
        ImmutableDictionary<ArgumentRole, int> parameterRoles,
        ArgumentRole? instanceRole = null,
        string? fixedOptionName = null)
    {
        Kind = kind;
        DisplayName = displayName;
        ParameterRoles = parameterRoles;
        InstanceRole = instanceRole;
        FixedOptionName = fixedOptionName;
    }

    public SocketOperationKind Kind { get; }

    /// <summary>The documented name (<c>WSAEventSelect</c>, <c>Socket.Shutdown</c>), used in messages.</summary>
    public string DisplayName { get; }

    public ImmutableDictionary<ArgumentRole, int> ParameterRoles { get; }

    public ArgumentRole? InstanceRole { get; }

    /// <summary>For managed option properties (<c>NoDelay</c>, …): the option they set.</summary>
    public string? FixedOptionName { get; }

    public bool IsNative => InstanceRole is null && !DisplayName.Contains(".");

    /// <summary>The smallest parameter count a declaration needs for the roles to make sense.</summary>
    public int MinimumParameterCount
    {
        get
        {
            var max = -1;
            foreach (var ordinal in ParameterRoles.Values)
            {
                if (ordinal > max)
                {
                    max = ordinal;
                }
            }

            return max + 1;
        }
    }

    public static ImmutableDictionary<ArgumentRole, int> Roles(params (ArgumentRole Role, int Ordinal)[] roles)
    {
        var builder = ImmutableDictionary.CreateBuilder<ArgumentRole, int>();
        foreach (var (role, ordinal) in roles)
        {
            builder[role] = ordinal;
        }

        return builder.ToImmutable();
    }
}
