using SharedSockets.Winsock.Facts.Checks;

// Asks the Winsock this runs on each question of docs/winsock-facts.md and prints what it answered,
// one "FACT <id>: <observed>" line each. Which answer is right is the tests' business
// (SharedSockets.Winsock.Tests); this program only fails (exit 1) when a check could not be asked.
var checks = new (string Id, Func<string> Ask)[]
{
    ("F01-options-shared", SharedStateFacts.OptionSetThroughACopy),
    ("F02-later-registration-same-descriptor", RegistrationFacts.LaterRegistrationOnTheSameDescriptor),
    ("F03-later-registration-through-duplicate", RegistrationFacts.LaterRegistrationThroughADuplicate),
    ("F04-asyncselect-then-eventselect", RegistrationFacts.AsyncSelectThenEventSelect),
    ("F05-same-event-new-mask", RegistrationFacts.SameEventWithANewMask),
    ("F06-null-zero-clears", RegistrationFacts.NullZeroClears),
    ("F07-registration-makes-nonblocking", SharedStateFacts.RegistrationMakesNonBlocking),
    ("F08-fionbio-refused-while-registered", SharedStateFacts.BlockingRefusedWhileRegistered),
    ("F09-blocking-mode-shared", SharedStateFacts.BlockingModeSetThroughACopy),
    ("F10-managed-blocking-while-registered", SharedStateFacts.ManagedBlockingWhileRegistered),
    ("F11-closesocket-copy", LifetimeFacts.CloseACopy),
    ("F12-shutdown-copy", LifetimeFacts.ShutdownACopy),
    ("F13-recv-after-shutdown-receive", LifetimeFacts.ReceiveAfterShutdownOfTheReceiveSide),
    ("F14-duplicate-and-close", DuplicationFacts.DuplicateAndCloseInProcess),
    ("F15-accepted-inherits-registration", ReenablingFacts.AcceptedSocketInheritsTheRegistration),
    ("F16-read-reenabled-by-recv", ReenablingFacts.ReadReenabledByRecv),
    ("F17-write-at-registration-only", ReenablingFacts.WriteAtRegistrationOnly),
    ("F18-close-not-reenabled", ReenablingFacts.CloseNotReenabled),
    ("F19-asyncselect-message", RegistrationFacts.AsyncSelectMessage),
    ("F20-close-event-graceful", LifetimeFacts.CloseEventAfterGracefulClose),
    ("F21-close-event-abortive", LifetimeFacts.CloseEventAfterAbortiveClose),
    ("F22-protocol-info-used-twice", DuplicationFacts.ProtocolInfoUsedTwice),
    ("F23-socketinformation-used-twice", DuplicationFacts.SocketInformationUsedTwice),
    ("F24-duplicatehandle-on-socket", DuplicationFacts.DuplicateHandleOnASocket),
    ("F25-registration-in-another-process", CrossProcessFacts.RegistrationInAnotherProcess),
};

if (!OperatingSystem.IsWindows())
{
    Console.WriteLine("These checks ask a Winsock: run this program on Windows or under Wine.");
    return 2;
}

if (args is [CrossProcessFacts.ChildArgument])
{
    return CrossProcessFacts.RunChild();
}

var only = args.Length > 0 ? new HashSet<string>(args) : null;
var failed = 0;
foreach (var (id, ask) in checks)
{
    if (only is not null && !only.Contains(id))
    {
        continue;
    }

    try
    {
        Console.WriteLine($"FACT {id}: {ask()}");
    }
    catch (Exception exception)
    {
        failed++;
        Console.WriteLine($"FACT {id}: could not be asked: {exception.GetType().Name}: {exception.Message}");
    }
}

return failed == 0 ? 0 : 1;
