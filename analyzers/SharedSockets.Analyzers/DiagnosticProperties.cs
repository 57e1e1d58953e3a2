namespace SharedSockets.Analyzers;

/// <summary>
/// The properties a diagnostic carries for its code fixes, keys and values, in one place: the analyzers
/// write them, the fixes read them, nothing else spells them.
/// </summary>
public static class DiagnosticProperties
{
    /// <summary>SOCK002: which form of the contract broke (<see cref="KeepsRegistrationForm"/> or <see cref="SeveralProcessesForm"/>).</summary>
    public const string Form = "Form";

    /// <summary>SOCK002: the source keeps a registration on the socket it duplicated.</summary>
    public const string KeepsRegistrationForm = "KeepsRegistration";

    /// <summary>SOCK002: several target processes each register on the one socket (a pre-fork pool).</summary>
    public const string SeveralProcessesForm = "SeveralProcesses";

    /// <summary>SOCK002: "true" when the source registers after duplicating (clearing before would not help).</summary>
    public const string RegistersAfter = "RegistersAfter";

    /// <summary>SOCK003: present when the later set writes the value the socket already has.</summary>
    public const string SameValue = "SameValue";

    /// <summary>SOCK004: which contract a diagnostic is about (<see cref="ActiveRegistration"/>, <see cref="OtherDescriptorMode"/>, <see cref="OtherDescriptorBlockingIo"/>).</summary>
    public const string Reason = "Reason";

    /// <summary>SOCK004: the mode changes while an event registration is active.</summary>
    public const string ActiveRegistration = "ActiveRegistration";

    /// <summary>SOCK004: the mode changes through one descriptor while another relies on the old mode.</summary>
    public const string OtherDescriptorMode = "OtherDescriptorMode";

    /// <summary>SOCK004: non-blocking mode set through one Socket while another does blocking I/O.</summary>
    public const string OtherDescriptorBlockingIo = "OtherDescriptorBlockingIo";
}
