using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// The severity a diagnostic should carry when the test does not say: the descriptor's default,
/// unless the .editorconfig sets another one: per id (through the compilation's
/// SyntaxTreeOptionsProvider), else per category or for all analyzers
/// (<c>dotnet_analyzer_diagnostic.[category-X.]severity</c>). Worked out from the configuration,
/// not from the reported diagnostic, so an analyzer that hard-codes a severity is caught.
/// </summary>
internal sealed class EffectiveSeverity(
    Compilation compilation,
    AnalyzerConfigOptionsProvider analyzerConfigOptions,
    ImmutableArray<DiagnosticDescriptor> descriptors)
{
    public DiagnosticSeverity? Of(Diagnostic diagnostic)
    {
        var descriptor = descriptors.FirstOrDefault(candidate => candidate.Id == diagnostic.Id);
        if (descriptor is null)
        {
            return null;
        }

        var configured = Configured(diagnostic.Id, diagnostic.Location.SourceTree);
        if (configured == ReportDiagnostic.Default && diagnostic.Location.SourceTree is { } tree)
        {
            configured = Bulk(descriptor, tree);
        }

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

    private ReportDiagnostic Bulk(DiagnosticDescriptor descriptor, SyntaxTree tree)
    {
        var options = analyzerConfigOptions.GetOptions(tree);
        foreach (var key in new[] { $"dotnet_analyzer_diagnostic.category-{descriptor.Category}.severity", "dotnet_analyzer_diagnostic.severity" })
        {
            if (options.TryGetValue(key, out var value))
            {
                return value.Trim().ToLowerInvariant() switch
                {
                    "error" => ReportDiagnostic.Error,
                    "warning" => ReportDiagnostic.Warn,
                    "suggestion" => ReportDiagnostic.Info,
                    "silent" or "refactoring" => ReportDiagnostic.Hidden,
                    "none" => ReportDiagnostic.Suppress,
                    _ => ReportDiagnostic.Default,
                };
            }
        }

        return ReportDiagnostic.Default;
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
