using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// The severity a diagnostic should carry when the test does not say: the descriptor's default,
/// unless the .editorconfig (through the compilation's SyntaxTreeOptionsProvider) or the
/// compilation options set another one. Worked out from the configuration, not from the
/// reported diagnostic, so an analyzer that hard-codes a severity is caught.
/// </summary>
internal sealed class EffectiveSeverity(Compilation compilation, ImmutableArray<DiagnosticDescriptor> descriptors)
{
    public DiagnosticSeverity? Of(Diagnostic diagnostic)
    {
        var descriptor = descriptors.FirstOrDefault(candidate => candidate.Id == diagnostic.Id);
        if (descriptor is null)
        {
            return null;
        }

        var configured = Configured(diagnostic.Id, diagnostic.Location.SourceTree);
        return configured switch
        {
            ReportDiagnostic.Error => DiagnosticSeverity.Error,
            ReportDiagnostic.Warn => DiagnosticSeverity.Warning,
            ReportDiagnostic.Info => DiagnosticSeverity.Info,
            ReportDiagnostic.Hidden => DiagnosticSeverity.Hidden,
            ReportDiagnostic.Suppress => null,
            _ => descriptor.DefaultSeverity,
        };
    }

    private ReportDiagnostic Configured(string id, SyntaxTree? tree)
    {
        var provider = compilation.Options.SyntaxTreeOptionsProvider;
        if (provider is not null)
        {
            if (tree is not null && provider.TryGetDiagnosticValue(tree, id, CancellationToken.None, out var perTree))
            {
                return perTree;
            }

            if (provider.TryGetGlobalDiagnosticValue(id, CancellationToken.None, out var global))
            {
                return global;
            }
        }

        return compilation.Options.SpecificDiagnosticOptions.TryGetValue(id, out var specific)
            ? specific
            : ReportDiagnostic.Default;
    }
}
