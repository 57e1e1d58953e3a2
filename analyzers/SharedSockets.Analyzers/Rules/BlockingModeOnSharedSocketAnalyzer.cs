using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
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
    /// <summary>Which of the two contracts a diagnostic is about (<see cref="ActiveRegistration"/> or <see cref="OtherDescriptorMode"/>).</summary>
    public const string ReasonProperty = "Reason";
    public const string ActiveRegistration = "ActiveRegistration";
    public const string OtherDescriptorMode = "OtherDescriptorMode";

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

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RegistrationRule, OtherDescriptorRule);

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
                    ImmutableDictionary<string, string?>.Empty.Add(ReasonProperty, ActiveRegistration),
                    change.Display,
                    BlockingModeChanges.Describe(mode),
                    registration.Display,
                    SourcePositions.Describe(registration.Syntax, change.Syntax)));
                continue;
            }

            if (mode != BlockingMode.Unknown
                && FindOppositeModeThroughOtherDescriptor(changes, index, socket, mode, model, values) is { } other)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    OtherDescriptorRule,
                    change.Location,
                    additionalLocations: new[] { other.Location },
                    ImmutableDictionary<string, string?>.Empty.Add(ReasonProperty, OtherDescriptorMode),
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

    private static string SocketText(SocketCall call) => call[ArgumentRole.Socket]?.Syntax.ToDisplayText() ?? "?";
}
