using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// Feeds Fix All the diagnostics of the analyzers under test, recomputed on whatever project
/// snapshot it asks about, limited to the ids being fixed.
/// </summary>
internal sealed class TestDiagnosticProvider(AnalyzerRunner analyzers, ImmutableHashSet<string> fixableIds)
    : FixAllContext.DiagnosticProvider
{
    public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
    {
        var all = await GetFixableAsync(document.Project, cancellationToken).ConfigureAwait(false);
        return all.Where(diagnostic => diagnostic.Location.IsInSource
            && string.Equals(diagnostic.Location.SourceTree!.FilePath, document.FilePath, StringComparison.Ordinal));
    }

    public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        var all = await GetFixableAsync(project, cancellationToken).ConfigureAwait(false);
        return all.Where(diagnostic => !diagnostic.Location.IsInSource);
    }

    public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
        await GetFixableAsync(project, cancellationToken).ConfigureAwait(false);

    private async Task<IEnumerable<Diagnostic>> GetFixableAsync(Project project, CancellationToken cancellationToken)
    {
        var diagnostics = await analyzers.GetDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
        return diagnostics.Where(diagnostic => fixableIds.Contains(diagnostic.Id));
    }
}
