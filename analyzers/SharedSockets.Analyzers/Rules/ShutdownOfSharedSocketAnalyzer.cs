using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// SOCK005: [doc] <c>shutdown</c> acts on the socket itself, for every descriptor, while
/// <c>closesocket</c> releases one descriptor. On a socket that another process or object also
/// holds (duplicated, aliased, adopted from a handle this process did not create), a
/// <c>shutdown</c>/<c>Socket.Shutdown</c>/<c>Disconnect</c> meant as "release mine" stops I/O for all.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShutdownOfSharedSocketAnalyzer : SocketRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ShutdownOfSharedSocket,
        title: "Shutdown of a shared socket stops I/O for every holder",
        messageFormat: "'{0}' shuts down a shared socket ({1}): shutdown acts on the socket for every descriptor and process; close only this descriptor instead",
        RuleCategories.Reliability,
        description: "Duplicated descriptors, Socket objects over one handle and handles inherited from another process all denote one socket. closesocket (Socket.Close/Dispose) releases one descriptor and the socket lives on for the other holders; shutdown, Socket.Shutdown and Socket.Disconnect act on the socket itself and stop sending or receiving for every holder, the other process included.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context)
    {
        foreach (var call in model.Calls)
        {
            if (call.Kind is not (SocketOperationKind.Shutdown or SocketOperationKind.Disconnect))
            {
                continue;
            }

            if (model.Sharing.EvidenceFor(call) is { } evidence)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    call.Location,
                    additionalLocations: new[] { evidence.Location },
                    call.Display,
                    Describe(evidence, call)));
            }
        }
    }

    private static string Describe(SharingEvidence evidence, SocketCall call)
    {
        var where = SourcePositions.Describe(evidence.Syntax, call.Syntax);
        return evidence.Kind switch
        {
            SharingKind.Duplicated => $"duplicated by '{evidence.Display}' at {where}",
            SharingKind.Aliased => $"also held through '{evidence.Display}' at {where}",
            _ => $"adopted from a handle this process did not create, '{evidence.Display}' at {where}",
        };
    }
}
