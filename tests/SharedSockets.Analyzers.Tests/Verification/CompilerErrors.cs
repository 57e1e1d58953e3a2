using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// Test code (and fixed code) must compile: an analyzer tested on broken code proves little, and a
/// fix that breaks the build is a bug. Warnings are allowed; hidden and info diagnostics are ignored.
/// </summary>
internal static class CompilerErrors
{
    public static async Task<IReadOnlyList<Diagnostic>> GetAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The test project produced no compilation.");
        return compilation.GetDiagnostics(cancellationToken)
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .OrderBy(diagnostic => diagnostic.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .ToList();
    }

    /// <summary>Fails with each error, its position and its source line when the project does not compile.</summary>
    public static async Task AssertNoneAsync(Project project, string what, CancellationToken cancellationToken)
    {
        var errors = await GetAsync(project, cancellationToken).ConfigureAwait(false);
        if (errors.Count == 0)
        {
            return;
        }

        var message = new StringBuilder()
            .Append(what).Append(" does not compile (").Append(errors.Count).Append(errors.Count == 1 ? " error" : " errors").AppendLine("):");
        foreach (var error in errors)
        {
            message.Append("  ").AppendLine(DiagnosticFormatter.FormatOneLine(error));
            var sourceLine = DiagnosticFormatter.SourceLineOf(error.Location);
            if (sourceLine is not null)
            {
                message.Append("      ").AppendLine(sourceLine.Trim());
            }
        }

        message.AppendLine().Append(await DiagnosticFormatter.RenderSourcesAsync(project, errors, cancellationToken).ConfigureAwait(false));
        Assert.Fail(message.ToString());
    }
}
