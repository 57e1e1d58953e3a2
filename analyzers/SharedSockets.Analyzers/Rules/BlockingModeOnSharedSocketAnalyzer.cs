using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// SOCK004: blocking mode is socket state. WSAEventSelect/WSAAsyncSelect force the socket non-blocking and
/// FIONBIO back to blocking fails with WSAEINVAL while a registration is active ([doc] ioctlsocket); and a
/// mode set through one descriptor or Socket object is the mode of every other one. Flags a change to
/// blocking (or to an unknown mode) while a registration can be active, and a change through one descriptor
/// to the opposite of the mode another descriptor of the same socket set.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingModeOnSharedSocketAnalyzer : SocketRuleAnalyzer
{
    private const string Title = "Blocking mode changed on a socket with an active registration or another descriptor";

    private const string Description = "WSAEventSelect and WSAAsyncSelect set a socket to non-blocking mode; setting it back to blocking with ioctlsocket/WSAIoctl FIONBIO or Socket.Blocking fails with WSAEINVAL until the registration is cleared with WSAEventSelect(s, NULL, 0). Blocking mode belongs to the socket, not to a descriptor: a change through one duplicate or Socket object applies to every holder.";

    internal static readonly DiagnosticDescriptor RegistrationRule = RuleDescriptors.Create(
        RuleIdentifiers.BlockingModeOnSharedSocket,
        Title,
        messageFormat: "'{0}' sets {1} while the event registration '{2}' at {3} can be active: the registration forces non-blocking mode, and going back to blocking fails with WSAEINVAL until it is cleared",
        RuleCategories.Reliability,
        Description);

    internal static readonly DiagnosticDescriptor OtherDescriptorRule = RuleDescriptors.Create(
        RuleIdentifiers.BlockingModeOnSharedSocket,
        Title,
        messageFormat: "'{0}' sets {1} through '{2}', but '{3}' at {4} set {5} through '{6}': blocking mode belongs to the socket, so this changes it for both",
        RuleCategories.Reliability,
        Description);

    internal static readonly DiagnosticDescriptor BlockingIoRule = RuleDescriptors.Create(
        RuleIdentifiers.BlockingModeOnSharedSocket,
        Title,
        messageFormat: "'{0}' sets non-blocking mode through '{1}', but '{2}' at {3} does blocking I/O through '{4}': blocking mode belongs to the socket, so that call now fails with WSAEWOULDBLOCK instead of waiting",
        RuleCategories.Reliability,
        Description);

    /// <summary>Synchronous Socket members that wait in blocking mode (and fail with WSAEWOULDBLOCK otherwise).</summary>
    private static readonly ImmutableHashSet<string> BlockingMembers = ImmutableHashSet.Create(
        "Receive", "ReceiveFrom", "ReceiveMessageFrom", "Send", "SendTo", "SendFile", "Accept", "Connect");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RegistrationRule, OtherDescriptorRule, BlockingIoRule);

    private protected override void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context)
    {
        List<SocketCall>? changes = null;
        foreach (var call in model.Calls)
        {
            if (BlockingModeChanges.IsModeChange(call))
            {
                (changes ??= new List<SocketCall>()).Add(call);
            }
        }

        if (changes is null)
        {
            return;
        }

        var values = new OptionValues(model);
        for (var index = 0; index < changes.Count; index++)
        {
            var change = changes[index];
            if (model.SocketOf(change) is not { Kind: not IdentityKind.Null } socket)
            {
                continue;
            }

            // Asking for non-blocking while registered is what the registration already did: harmless.
            var mode = BlockingModeChanges.ModeOf(change, values);
            if (mode != BlockingMode.NonBlocking
                && model.Registrations.ActiveAt(change, new OrderBudget()) is { } registration)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    RegistrationRule,
                    change.Location,
                    additionalLocations: new[] { registration.Location },
                    ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Reason, DiagnosticProperties.ActiveRegistration),
                    change.Display,
                    BlockingModeChanges.Describe(mode),
                    registration.Display,
                    SourcePositions.Describe(registration.Syntax, change.Syntax)));
                continue;
            }

            if (mode == BlockingMode.NonBlocking && FindBlockingIoThroughOtherDescriptor(change, socket, model) is { } io)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    BlockingIoRule,
                    change.Location,
                    additionalLocations: new[] { io.Syntax.GetLocation() },
                    ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Reason, DiagnosticProperties.OtherDescriptorBlockingIo),
                    change.Display,
                    SocketText(change),
                    io.Syntax.ToDisplayText(),
                    SourcePositions.Describe(io.Syntax, change.Syntax),
                    io.Receiver.Syntax.ToDisplayText()));
                continue;
            }

            if (mode != BlockingMode.Unknown
                && FindOppositeModeThroughOtherDescriptor(changes, index, socket, mode, model, values) is { } other)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    OtherDescriptorRule,
                    change.Location,
                    additionalLocations: new[] { other.Location },
                    ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Reason, DiagnosticProperties.OtherDescriptorMode),
                    change.Display,
                    BlockingModeChanges.Describe(mode),
                    SocketText(change),
                    other.Display,
                    SourcePositions.Describe(other.Syntax, change.Syntax),
                    BlockingModeChanges.Describe(BlockingModeChanges.ModeOf(other, values)),
                    SocketText(other)));
            }
        }
    }

    /// <summary>
    /// The mode change in effect when <c>changes[index]</c> runs (the latest one that can run before it), when
    /// it was made through another, still open descriptor of the same socket and asked for the opposite mode.
    /// </summary>
    private static SocketCall? FindOppositeModeThroughOtherDescriptor(
        List<SocketCall> changes, int index, ValueIdentity socket, BlockingMode mode, SocketTypeModel model, OptionValues values)
    {
        var change = changes[index];
        var budget = new OrderBudget();
        for (var candidateIndex = index - 1; candidateIndex >= 0; candidateIndex--)
        {
            var candidate = changes[candidateIndex];
            if (!socket.Equals(model.SocketOf(candidate)))
            {
                continue;
            }

            if (budget.IsExhausted)
            {
                return null;
            }

            if (BranchRelations.AreMutuallyExclusive(candidate.Syntax, change.Syntax) || !model.Order.CanRunBefore(candidate, change, budget))
            {
                continue;
            }

            var candidateMode = BlockingModeChanges.ModeOf(candidate, values);
            return candidateMode != BlockingMode.Unknown
                   && candidateMode != mode
                   && model.DescriptorOf(candidate) is { Kind: not IdentityKind.Null } descriptor
                   && !descriptor.Equals(model.DescriptorOf(change))
                   && model.Lifetimes.IsReleasedBetween(candidate, change, budget) == false
                ? candidate
                : null;
        }

        return null;
    }

    /// <summary>
    /// A blocking call (<c>Receive</c>, <c>Accept</c>, …) through another <c>Socket</c> object of the same
    /// socket that can run after the change to non-blocking mode: a <c>Socket</c> is blocking unless told
    /// otherwise, so that object relies on the mode the change takes away.
    /// </summary>
    private static SocketObjectUse? FindBlockingIoThroughOtherDescriptor(SocketCall change, ValueIdentity socket, SocketTypeModel model)
    {
        var descriptor = model.DescriptorOf(change);
        foreach (var use in model.ObjectUses)
        {
            if (use.Operation is not IInvocationOperation { TargetMethod.Name: var name } || !BlockingMembers.Contains(name)
                || !model.Order.CanRunBefore(change.Syntax, change.Root, use.Syntax, use.Operation.GetRoot())
                || !socket.Equals(model.Resolver.Resolve(use.Receiver))
                || model.Resolver.ResolveDescriptor(use.Receiver) is not { Kind: not IdentityKind.Null } other
                || other.Equals(descriptor))
            {
                continue;
            }

            return use;
        }

        return null;
    }

    private static string SocketText(SocketCall call) => call[ArgumentRole.Socket]?.Syntax.ToDisplayText() ?? "?";
}
