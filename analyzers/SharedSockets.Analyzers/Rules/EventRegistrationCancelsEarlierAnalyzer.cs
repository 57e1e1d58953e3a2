using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// SOCK001: a WSAEventSelect/WSAAsyncSelect on a socket cancels every earlier registration on that
/// socket, whichever descriptor made it ([doc] "Multiple Handles to a Single Socket"). Flags a
/// registration whose target differs from the registration still active before it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EventRegistrationCancelsEarlierAnalyzer : SocketRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.EventRegistrationCancelsEarlier,
        title: "Event registration cancels an earlier registration on the same socket",
        messageFormat: "'{0}' cancels the event registration '{1}' at {2}{3}: a socket keeps only its latest registration, whichever descriptor made it",
        RuleCategories.Reliability,
        description: "Duplicated descriptors share one socket. Issuing WSAEventSelect or WSAAsyncSelect through any of them cancels any previous event registration for the socket, so two roles (threads, processes) cannot each get their own notifications. Register once with the combined mask, or use SharedSockets' additive subscriptions.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override bool RequiresNativeSockets => true;

    private protected override void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context)
    {
        foreach (var selections in model.BySocket(SocketOperationKind.EventSelect, SocketOperationKind.AsyncSelect).Values)
        {
            for (var index = 1; index < selections.Count; index++)
            {
                var later = selections[index];
                if (EventRegistrations.IsRegistration(later) && FindCancelled(selections, index, model) is { } earlier)
                {
                    context.ReportDiagnostic(CreateDiagnostic(later, earlier, model));
                }
            }
        }
    }

    /// <summary>The registration that is still active when <c>selections[index]</c> runs, if it has another target.</summary>
    private static SocketCall? FindCancelled(List<SocketCall> selections, int index, SocketTypeModel model)
    {
        var later = selections[index];
        for (var candidateIndex = index - 1; candidateIndex >= 0; candidateIndex--)
        {
            var candidate = selections[candidateIndex];
            if (!EventRegistrations.IsRegistration(candidate) || BranchRelations.AreMutuallyExclusive(candidate.Syntax, later.Syntax))
            {
                continue;
            }

            if (IsClearedBefore(candidate, later, selections, candidateIndex, index))
            {
                return null;
            }

            return EventRegistrations.HaveSameTarget(candidate, later, model.Resolver) ? null : candidate;
        }

        return null;
    }

    /// <summary>
    /// A clearing call ends the earlier registration on purpose: one in the later call's body before
    /// it, or one in the earlier call's own body after it (a method that cleans up after itself).
    /// Clears in unrelated methods say nothing about the order of these two.
    /// </summary>
    private static bool IsClearedBefore(SocketCall earlier, SocketCall later, List<SocketCall> selections, int earlierIndex, int laterIndex)
    {
        var sameBody = earlier.Root == later.Root;
        for (var index = earlierIndex + 1; index < selections.Count; index++)
        {
            var clear = selections[index];
            if (!EventRegistrations.IsClearing(clear) || (index > laterIndex && sameBody))
            {
                continue;
            }

            var inLaterBodyBeforeIt = clear.Root == later.Root && index < laterIndex;
            var inEarlierBodyAfterIt = clear.Root == earlier.Root && !BranchRelations.AreMutuallyExclusive(clear.Syntax, earlier.Syntax);
            if (inLaterBodyBeforeIt || inEarlierBodyAfterIt)
            {
                return true;
            }
        }

        return false;
    }

    private static Diagnostic CreateDiagnostic(SocketCall later, SocketCall earlier, SocketTypeModel model)
    {
        var laterSocket = later[ArgumentRole.Socket]!.Syntax.ToDisplayText();
        var earlierSocket = earlier[ArgumentRole.Socket]!.Syntax.ToDisplayText();
        var aliasNote = laterSocket == earlierSocket
            ? string.Empty
            : $" ('{laterSocket}' and '{earlierSocket}' denote one socket)";
        return Diagnostic.Create(
            Rule,
            later.Location,
            additionalLocations: new[] { earlier.Location },
            later.Display,
            earlier.Display,
            SourcePositions.Describe(earlier.Syntax, later.Syntax),
            aliasNote);
    }
}
