namespace SharedSockets.Analyzers;

/// <summary>The ids of every rule, in one place (DESIGN.md §2: the ids are fixed).</summary>
public static class RuleIdentifiers
{
    public const string EventRegistrationCancelsEarlier = "SOCK001";
    public const string DuplicatedToProcessesExpectingEvents = "SOCK002";
    public const string OptionSetAsIfPerDescriptor = "SOCK003";
    public const string BlockingModeOnSharedSocket = "SOCK004";
    public const string ShutdownOfSharedSocket = "SOCK005";
    public const string UseAfterDuplicateAndClose = "SOCK006";
    public const string ProtocolInfoUsedTwice = "SOCK007";
    public const string DuplicateHandleOnSocket = "SOCK008";
}
