using System.Diagnostics;
using System.Text.Json.Nodes;
using SharedSockets.Packaging.Tests.Editor.Lsp;
using Xunit;
using Xunit.Abstractions;

namespace SharedSockets.Packaging.Tests.Editor;

/// <summary>
/// The package in a real editor session: csharp-ls (pinned in .config/dotnet-tools.json) opens the
/// restored consumer, and the packaged rules appear, go and come back as the user types.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class LanguageServerTests(PackagingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(90);
    // The first publication waits for the project to load and compile (5-10 s here); later ones follow an edit.
    private static readonly TimeSpan FirstDiagnosticsTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan EditDiagnosticsTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The server's analyzer setting (csharp.analyzersEnabled): off by default, so analyzer rules would never show.</summary>
    private static readonly JsonObject AnalyzersEnabled = new() { ["analyzersEnabled"] = true };

    [Fact]
    public async Task Csharp_ls_publishes_the_packaged_rules_live_and_follows_edits()
    {
        var consumer = EditorConsumer.Create(fixture);
        var stopwatch = Stopwatch.StartNew();
        var restore = CSharpLanguageServer.RestoreTool(fixture.RepositoryRoot);
        Assert.True(restore.ExitCode == 0, "Restoring the repository's tools failed. " + restore);
        Log($"dotnet tool restore: {restore.Elapsed.TotalSeconds:F1} s");

        await using var server = await CSharpLanguageServer.StartAsync(fixture.RepositoryRoot, consumer, AnalyzersEnabled);
        var document = await server.OpenAsync(Path.Combine(consumer, EditorConsumer.CasesFile));
        var opened = server.Connection.Elapsed;

        // Every rule, live, at the call it flags, with its id and a link to its page.
        var (first, firstAt) = await server.WaitForDiagnosticsAsync(
            document, 0, diagnostics => EditorConsumer.Cases.All(c => Has(diagnostics, c.RuleId)), FirstDiagnosticsTimeout,
            "diagnostics holding SOCK001-SOCK008");
        Log($"first publication with SOCK001-SOCK008: {(firstAt - opened).TotalSeconds:F1} s after didOpen");
        Assert.True(server.Connection.ServerRequests.ContainsKey("workspace/configuration"), "The server never asked for its configuration: the analyzer setting did not reach it.");
        foreach (var ruleCase in EditorConsumer.Cases)
        {
            var diagnostic = Assert.Single(first, d => d.Code == ruleCase.RuleId);
            Log($"published: {diagnostic.Json}");
            AssertPublishedAt(diagnostic, document, ruleCase);
        }

        // SOCK001 (Winsock through [DllImport]): the second registration uses the reader's event → a mask
        // change of the one registration, no longer a cancelled one. Undo → it returns.
        var secondRegistration = document.OffsetOf(EditorConsumer.Sock001.Flagged);
        var eventArgument = secondRegistration + EditorConsumer.Sock001.Flagged.IndexOf("writeEvent", StringComparison.Ordinal);
        await AssertEditRoundTripAsync(server, document, EditorConsumer.Sock001,
            edit: () => server.ChangeAsync(document, eventArgument, "writeEvent".Length, "readEvent"),
            undo: () => server.ChangeAsync(document, eventArgument, "readEvent".Length, "writeEvent"));

        // SOCK006 (System.Net.Sockets): delete the use of the Socket that DuplicateAndClose closed. Undo → it returns.
        var useStatement = document.Text.LastIndexOf('\n', document.OffsetOf(EditorConsumer.Sock006.Flagged)) + 1;
        var useLine = document.Text[useStatement..(document.Text.IndexOf('\n', useStatement) + 1)];
        await AssertEditRoundTripAsync(server, document, EditorConsumer.Sock006,
            edit: () => server.ChangeAsync(document, useStatement, useLine.Length, string.Empty),
            undo: () => server.ChangeAsync(document, useStatement, 0, useLine));

        var exited = await server.ShutdownAsync();
        Assert.True(exited, "csharp-ls did not exit after shutdown and exit.");
        Log($"shutdown + exit: exit code {server.ExitCode}; whole test {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(stopwatch.Elapsed < TestBudget, $"The language-server session took {stopwatch.Elapsed.TotalSeconds:F0} s (budget {TestBudget.TotalSeconds:F0} s).");
    }

    /// <summary>After <paramref name="edit"/> the rule's diagnostic is gone (the others stay); after <paramref name="undo"/> it is back where it was.</summary>
    private async Task AssertEditRoundTripAsync(CSharpLanguageServer server, OpenDocument document, RuleCase ruleCase, Func<Task> edit, Func<Task> undo)
    {
        var others = EditorConsumer.Cases.Where(c => c != ruleCase).ToList();

        var mark = server.Connection.NotificationCount;
        var sent = server.Connection.Elapsed;
        await edit();
        var (afterEdit, editAt) = await server.WaitForDiagnosticsAsync(
            document, mark, diagnostics => !Has(diagnostics, ruleCase.RuleId), EditDiagnosticsTimeout,
            $"diagnostics without {ruleCase.RuleId} after the edit");
        Log($"{ruleCase.RuleId} gone {(editAt - sent).TotalSeconds:F2} s after didChange (version {document.Version})");
        Assert.All(others, other => Assert.True(Has(afterEdit, other.RuleId), $"{other.RuleId} vanished with the edit for {ruleCase.RuleId}: {string.Join(", ", afterEdit)}"));

        mark = server.Connection.NotificationCount;
        sent = server.Connection.Elapsed;
        await undo();
        var (afterUndo, undoAt) = await server.WaitForDiagnosticsAsync(
            document, mark, diagnostics => Has(diagnostics, ruleCase.RuleId), EditDiagnosticsTimeout,
            $"diagnostics with {ruleCase.RuleId} again after the undo");
        Log($"{ruleCase.RuleId} back {(undoAt - sent).TotalSeconds:F2} s after didChange (version {document.Version})");
        AssertPublishedAt(Assert.Single(afterUndo, d => d.Code == ruleCase.RuleId), document, ruleCase);
    }

    private void AssertPublishedAt(PublishedDiagnostic diagnostic, OpenDocument document, RuleCase ruleCase)
    {
        Assert.Equal(document.RangeOf(ruleCase.Flagged), diagnostic.Range);
        Assert.Equal(2, diagnostic.Severity); // Warning, the rules' default severity.
        Assert.Equal(RepositoryLinks.RuleHelpLink(ruleCase.RuleId), diagnostic.HelpLink);
        Assert.StartsWith($"'{ruleCase.Flagged[..Math.Min(ruleCase.Flagged.Length, 40)]}", diagnostic.Message, StringComparison.Ordinal);
    }

    private static bool Has(IEnumerable<PublishedDiagnostic> diagnostics, string ruleId) => diagnostics.Any(d => d.Code == ruleId);

    private void Log(string line) => output.WriteLine(line);
}
