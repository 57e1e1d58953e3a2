using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// Runs the analyzers under test over a project the way the compiler host does (concurrently, with
/// the project's .editorconfig options) and fails the test on any analyzer exception.
/// </summary>
internal sealed class AnalyzerRunner
{
    /// <summary>The id the compiler gives "analyzer threw an exception".</summary>
    public const string AnalyzerExceptionId = "AD0001";

    private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;

    public AnalyzerRunner(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        this.analyzers = analyzers;
        SupportedIds = analyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Select(descriptor => descriptor.Id)
            .ToImmutableHashSet(StringComparer.Ordinal);
    }

    /// <summary>Ids of every descriptor the analyzers under test declare.</summary>
    public ImmutableHashSet<string> SupportedIds { get; }

    public ImmutableArray<DiagnosticDescriptor> SupportedDescriptors =>
        analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).ToImmutableArray();

    /// <summary>
    /// The diagnostics of the analyzers under test, sorted by file and position. Compiler
    /// diagnostics and other ids are left out; an analyzer exception fails the test.
    /// </summary>
    public async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The test project produced no compilation.");

        var exceptions = new ConcurrentQueue<(Exception Exception, DiagnosticAnalyzer Analyzer)>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue((exception, analyzer)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);

        var diagnostics = await compilation
            .WithAnalyzers(analyzers, options)
            .GetAnalyzerDiagnosticsAsync(cancellationToken)
            .ConfigureAwait(false);

        var reportedExceptions = diagnostics.Where(diagnostic => diagnostic.Id == AnalyzerExceptionId).ToList();
        if (!exceptions.IsEmpty || reportedExceptions.Count > 0)
        {
            FailWithAnalyzerExceptions(exceptions, reportedExceptions);
        }

        return Sort(diagnostics.Where(diagnostic => SupportedIds.Contains(diagnostic.Id)));
    }

    public static ImmutableArray<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(diagnostic => diagnostic.Location.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .ThenBy(diagnostic => diagnostic.Location.SourceSpan.End)
            .ThenBy(diagnostic => diagnostic.Id, StringComparer.Ordinal)
            .ToImmutableArray();

    private static void FailWithAnalyzerExceptions(
        IEnumerable<(Exception Exception, DiagnosticAnalyzer Analyzer)> exceptions,
        IEnumerable<Diagnostic> reportedExceptions)
    {
        var message = new StringBuilder().AppendLine($"An analyzer threw an exception ({AnalyzerExceptionId}):");
        foreach (var (exception, analyzer) in exceptions)
        {
            message.Append("  ").Append(analyzer.GetType().FullName).AppendLine(" threw:")
                .AppendLine(exception.ToString())
                .AppendLine();
        }

        foreach (var diagnostic in reportedExceptions)
        {
            message.Append("  ").AppendLine(DiagnosticFormatter.FormatOneLine(diagnostic));
        }

        Assert.Fail(message.ToString());
    }
}
