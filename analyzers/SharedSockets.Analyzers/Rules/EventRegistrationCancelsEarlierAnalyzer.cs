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
        foreach (var call in model.Calls)
        {
            if (EventRegistrations.IsRegistration(call)
                && model.Registrations.ActiveAt(call, new OrderBudget()) is { } active
                && !EventRegistrations.HaveSameTarget(active, call, model.Resolver))
            {
                context.ReportDiagnostic(CreateDiagnostic(call, active));
            }
        }
    }

    private static Diagnostic CreateDiagnostic(SocketCall later, SocketCall earlier)
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
