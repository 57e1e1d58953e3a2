using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>The steps of <see cref="ValidateAsync"/>: compile, analyse, compare, then fix.</summary>
public sealed partial class ProjectBuilder
{
    private static readonly FixAllScope[] FixAllScopes = [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    /// <summary>
    /// Runs the test: the code must compile, the analyzers must not throw, their diagnostics must
    /// equal the markup's, and the expected fixes must produce the expected, compiling code.
    /// Fails with an xunit assertion failure that shows what differs.
    /// </summary>
    public async Task ValidateAsync()
    {
        var cancellationToken = CancellationToken.None;
        CheckTestIsComplete();

        var parsedSources = ParseSources();
        var (project, documentIds) = TestWorkspaceFactory.Create(Define(parsedSources));
        if (!allowCompilerErrors)
        {
            await CompilerErrors.AssertNoneAsync(project, "The test code", cancellationToken).ConfigureAwait(false);
        }

        var analyzers = new AnalyzerRunner(analyzerFactories.Select(create => create()).ToImmutableArray());
        var expected = ExpectedDiagnostics.Create(parsedSources, diagnosticDetails, analyzers.SupportedIds);
        await VerifyDiagnosticsAsync(project, analyzers, expected, "The diagnostics", cancellationToken).ConfigureAwait(false);

        if (codeFixFactory is null)
        {
            return;
        }

        var fixer = codeFixFactory();
        var fixes = new CodeFixRunner(analyzers, fixer, codeFixEquivalenceKey);
        if (fixes.FixableIds.IsEmpty)
        {
            throw new InvalidOperationException(
                $"Test error: {fixer.GetType().Name} fixes {string.Join(", ", fixer.FixableDiagnosticIds)}, none of which the analyzers under test report ({string.Join(", ", analyzers.SupportedIds.Order(StringComparer.Ordinal))}).");
        }

        if (shouldNotOfferCodeFix)
        {
            await VerifyNoCodeFixOfferedAsync(project, fixes, cancellationToken).ConfigureAwait(false);
        }

        if (expectedFixedSources.Count > 0)
        {
            var outcome = await fixes.FixOneAtATimeAsync(project, cancellationToken).ConfigureAwait(false);
            await VerifyFixedCodeAsync(outcome, parsedSources, documentIds, expectedFixedSources, analyzers, "fixes applied one at a time", cancellationToken).ConfigureAwait(false);
        }

        foreach (var scope in expectedBatchFixedSources.Count > 0 ? FixAllScopes : [])
        {
            var outcome = await fixes.FixAllAsync(project, scope, cancellationToken).ConfigureAwait(false);
            await VerifyFixedCodeAsync(outcome, parsedSources, documentIds, expectedBatchFixedSources, analyzers, $"Fix All in {scope}", cancellationToken).ConfigureAwait(false);
        }
    }

    private void CheckTestIsComplete()
    {
        if (analyzerFactories.Count == 0)
        {
            throw new InvalidOperationException("Test error: no analyzer under test; call WithAnalyzer<T>().");
        }

        if (sources.Count == 0)
        {
            throw new InvalidOperationException("Test error: no source code; call WithSourceCode(...).");
        }

        var wantsFix = expectedFixedSources.Count > 0 || expectedBatchFixedSources.Count > 0 || shouldNotOfferCodeFix;
        if (wantsFix && codeFixFactory is null)
        {
            throw new InvalidOperationException("Test error: the test expects code fixes but has no fixer; call WithCodeFixProvider<T>().");
        }
    }

    private static async Task VerifyDiagnosticsAsync(
        Project project,
        AnalyzerRunner analyzers,
        IReadOnlyList<ExpectedDiagnostic> expected,
        string what,
        CancellationToken cancellationToken,
        ISet<string>? onlyInFiles = null)
    {
        var actual = await analyzers.GetDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
        if (onlyInFiles is not null)
        {
            actual = actual.Where(diagnostic => diagnostic.Location.IsInSource && onlyInFiles.Contains(Path.GetFileName(diagnostic.Location.SourceTree!.FilePath))).ToImmutableArray();
        }

        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var severity = new EffectiveSeverity(compilation, project.AnalyzerOptions.AnalyzerConfigOptionsProvider, analyzers.SupportedDescriptors);
        var problems = DiagnosticComparer.Compare(expected, actual, severity.Of);
        if (problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder().AppendLine($"{what} do not match the test's expectations:");
        foreach (var problem in problems)
        {
            message.Append("  - ").AppendLine(problem);
        }

        message.AppendLine().AppendLine($"Expected ({expected.Count}):");
        foreach (var expectation in expected)
        {
            message.Append("  ").AppendLine(expectation.ToString());
        }

        message.AppendLine($"Actual ({actual.Length}):");
        foreach (var diagnostic in actual)
        {
            message.Append("  ").AppendLine(DiagnosticFormatter.FormatOneLine(diagnostic));
        }

        var filesWithExpectations = expected.Select(expectation => expectation.Location.FileName);
        message.AppendLine().AppendLine("Actual diagnostics in the source:")
            .Append(await DiagnosticFormatter.RenderSourcesAsync(project, actual, cancellationToken, filesWithExpectations).ConfigureAwait(false));
        Assert.Fail(message.ToString());
    }

    private static async Task VerifyNoCodeFixOfferedAsync(Project project, CodeFixRunner fixes, CancellationToken cancellationToken)
    {
        var offered = await fixes.GetOfferedActionsAsync(project, cancellationToken).ConfigureAwait(false);
        if (offered.Count > 0)
        {
            Assert.Fail($"The fixer should offer no code fix, but offers:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", offered)}");
        }
    }

    private static async Task VerifyFixedCodeAsync(
        FixOutcome outcome,
        IReadOnlyList<TestSource> parsedSources,
        ImmutableArray<DocumentId> documentIds,
        IReadOnlyDictionary<int, string> expectedSources,
        AnalyzerRunner analyzers,
        string how,
        CancellationToken cancellationToken)
    {
        var expectedByDocument = expectedSources.ToDictionary(
            entry => entry.Key == DefaultDocument ? DefaultFixTarget(parsedSources) : CheckIndex(entry.Key, parsedSources),
            entry => MarkupParser.Parse(entry.Value));

        foreach (var (index, expectedMarkup) in expectedByDocument.OrderBy(entry => entry.Key))
        {
            var document = outcome.Project.GetDocument(documentIds[index])!;
            var actualText = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
            if (TextDiff.NormalizeLineEndings(actualText) != TextDiff.NormalizeLineEndings(expectedMarkup.Text))
            {
                Assert.Fail(
                    $"The code of {document.Name} after {how} is not the expected code ({outcome.AppliedFixes} fix(es) applied).{Environment.NewLine}" +
                    OfferedActions(outcome) +
                    TextDiff.Unified(expectedMarkup.Text, actualText));
            }
        }

        await CompilerErrors.AssertNoneAsync(outcome.Project, $"The code after {how}", cancellationToken).ConfigureAwait(false);

        // Markup in an expected fixed source means "still reported after the fix"; without markup, not checked.
        var withMarkup = expectedByDocument.Where(entry => entry.Value.HasDiagnostics).ToList();
        if (withMarkup.Count > 0)
        {
            var remaining = ExpectedDiagnostics.Create(
                withMarkup.Select(entry => parsedSources[entry.Key] with { Markup = entry.Value }).ToList(),
                [],
                analyzers.SupportedIds);
            var files = withMarkup.Select(entry => parsedSources[entry.Key].FileName).ToHashSet(StringComparer.Ordinal);
            await VerifyDiagnosticsAsync(outcome.Project, analyzers, remaining, $"The diagnostics left after {how}", cancellationToken, files).ConfigureAwait(false);
        }
    }

    /// <summary>The only document with diagnostic markup, else document 0.</summary>
    private static int DefaultFixTarget(IReadOnlyList<TestSource> parsedSources)
    {
        var withMarkup = parsedSources.Select((source, index) => (source, index)).Where(entry => entry.source.Markup.HasDiagnostics).ToList();
        return withMarkup.Count switch
        {
            0 => 0,
            1 => withMarkup[0].index,
            _ => throw new InvalidOperationException(
                $"Test error: {withMarkup.Count} documents have diagnostic markup ({string.Join(", ", withMarkup.Select(entry => entry.source.FileName))}); say which one the expected fixed code is for with ShouldFixCodeWith(documentIndex, ...) / ShouldBatchFixCodeWith(documentIndex, ...)."),
        };
    }

    private static int CheckIndex(int index, IReadOnlyList<TestSource> parsedSources) =>
        index < parsedSources.Count
            ? index
            : throw new InvalidOperationException($"Test error: expected fixed code for document {index}, but the test has {parsedSources.Count} document(s).");

    private static string OfferedActions(FixOutcome outcome) =>
        outcome.AppliedFixes == 0
            ? $"No fix was applied; actions offered: {(outcome.OfferedActions.Count == 0 ? "none" : string.Join(", ", outcome.OfferedActions))}.{Environment.NewLine}"
            : string.Empty;
}
