using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SharedSockets.Packaging.Tests.Editor.Ide;
using Xunit;
using Xunit.Abstractions;

namespace SharedSockets.Packaging.Tests.Editor;

/// <summary>
/// The light bulb as an IDE builds it from the package: MSBuildWorkspace opens the restored consumer,
/// and the analyzers and fix providers come from its analyzer references (this test assembly references
/// no SharedSockets assembly). Catches what unit tests cannot: a provider that is not exported, exported
/// for the wrong language, or a fix assembly that does not load next to the analyzers.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class LightBulbTests(PackagingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly FixAllScope[] FixAllScopes = [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    [Fact]
    public async Task Packaged_fixes_are_offered_on_every_rule_and_each_applied_fix_compiles_and_clears_its_diagnostic()
    {
        var consumer = EditorConsumer.Create(fixture);
        using var cancellation = new CancellationTokenSource(Timeout);
        var token = cancellation.Token;
        var stopwatch = Stopwatch.StartNew();

        using var ide = await IdeProject.OpenAsync(Path.Combine(consumer, EditorConsumer.ProjectFile), token);
        Log($"MSBuildWorkspace loaded {ide.Project.Name}: {stopwatch.Elapsed.TotalSeconds:F1} s, {ide.Analyzers.Count} analyzers, {ide.CodeFixes.Fixes.Count} fix providers from {ide.Project.AnalyzerReferences.Count} analyzer references");
        Assert.DoesNotContain(ide.LoadDiagnostics, d => d.Kind == WorkspaceDiagnosticKind.Failure);
        var ours = ide.CodeFixes.Fixes.Where(f => IsFromPackage(f.ReferencePath)).ToList();
        Assert.True(ours.Count > 0, "No fix provider of the package was found in the project's analyzer references:" + Environment.NewLine + string.Join(Environment.NewLine, ide.Project.AnalyzerReferences.Select(r => r.FullPath)));
        Assert.DoesNotContain(ide.CodeFixes.LoadFailures, IsFromPackage);
        foreach (var fix in ours)
        {
            // The light bulb's "Fix all occurrences in document | project | solution".
            var scopes = fix.Provider.GetFixAllProvider()?.GetSupportedFixAllScopes().ToList() ?? [];
            Assert.True(FixAllScopes.All(scopes.Contains), $"{fix} offers Fix All in [{string.Join(", ", scopes)}] only.");
        }

        var lightBulb = new LightBulb(ide);
        var document = ide.Project.Documents.Single(d => Path.GetFileName(d.FilePath) == EditorConsumer.CasesFile);
        var analyzed = Stopwatch.StartNew();
        var diagnostics = (await lightBulb.AnalyzeAsync(document, token)).Where(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal)).ToList();
        Log($"diagnostics of {EditorConsumer.CasesFile}: {analyzed.Elapsed.TotalSeconds:F1} s");
        var text = (await document.GetTextAsync(token)).ToString();
        Assert.Equal(EditorConsumer.Cases.Select(c => c.RuleId), diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));

        foreach (var ruleCase in EditorConsumer.Cases)
        {
            var diagnostic = diagnostics.Single(d => d.Id == ruleCase.RuleId);
            Assert.Equal(ruleCase.Flagged, text[diagnostic.Location.SourceSpan.Start..diagnostic.Location.SourceSpan.End]);

            var offered = await lightBulb.FixesAsync(document, diagnostic, token);
            Log($"{ruleCase.RuleId} light bulb: {string.Join(" | ", offered.Select(o => $"'{o.Action.Title}'"))}");
            Assert.Equal(ruleCase.FixTitles, offered.Select(o => o.Action.Title));
            Assert.All(offered, o => Assert.True(IsFromPackage(o.Source.ReferencePath), $"{o} came from outside the package."));

            // The user picks the first entry: the file must still compile, and this rule's diagnostic be gone.
            var fixedSolution = await LightBulb.ApplyAsync(offered[0], token);
            var fixedDocument = fixedSolution.GetDocument(document.Id)!;
            var compilation = (await fixedDocument.Project.GetCompilationAsync(token))!;
            var errors = compilation.GetDiagnostics(token).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"'{offered[0].Action.Title}' broke the build:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
            var remaining = (await lightBulb.AnalyzeAsync(fixedDocument, token)).Where(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal)).Select(d => d.Id).Order(StringComparer.Ordinal);
            Assert.Equal(EditorConsumer.Cases.Select(c => c.RuleId).Where(id => id != ruleCase.RuleId), remaining);
        }

        Log($"whole test {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Whether a file comes from the SharedSockets.Analyzers package (in the consumers' package folder).</summary>
    private bool IsFromPackage(string path) =>
        path.StartsWith(fixture.ConsumerPackagesDirectory, StringComparison.Ordinal)
        && path.Replace('\\', '/').Contains($"/{PackagingFixture.AnalyzersPackageId.ToLowerInvariant()}/", StringComparison.Ordinal);

    private void Log(string line) => output.WriteLine(line);
}
