using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verifiers;
using SharedSockets.CodeFixes.FixAll;
using SharedSockets.CodeFixes.Fixes;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// <c>dotnet format</c> runs Fix All with the equivalence key of the first action of the first diagnostic it meets,
/// and which diagnostic that is varies between runs. Every diagnostic's first fix is therefore registered under the
/// provider's first-fix key: whichever diagnostic comes first, Fix All fixes all of them, each with its first fix.
/// </summary>
public sealed class FirstFixKeyTests
{
    // Two SOCK002 diagnostics whose first fixes are of different kinds: 'Gateway' may close its source after the
    // hand-off (first) or clear its registration; 'Mirror' still sends through its source, so only the clear is safe.
    private const string TwoFirstKinds = """
        using System;
        using static NativeMethods;

        sealed class Gateway
        {
            public WSAPROTOCOL_INFOW Share(IntPtr listener, IntPtr acceptEvent, int pid)
            {
                WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);
                WSADuplicateSocketW(listener, pid, out var info);
                return info;
            }
        }

        sealed class Mirror
        {
            public WSAPROTOCOL_INFOW Share(IntPtr connection, IntPtr readEvent, int pid)
            {
                WSAEventSelect(connection, readEvent, FD_READ);
                WSADuplicateSocketW(connection, pid, out var info);
                send(connection, new byte[] { 1 }, 1, 0);
                return info;
            }
        }
        """;

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ShippedAnalyzers.CreateAnalyzers();

    [Fact]
    public async Task FirstFixes_ShareOneKey_AlternativesKeepTheirKind()
    {
        var provider = new DuplicatedToProcessesExpectingEventsFixProvider();
        var (solution, documentId) = CreateSolution();
        var actions = new List<List<CodeAction>>();
        foreach (var diagnostic in await DiagnosticsAsync(solution, provider))
        {
            actions.Add(await ActionsAsync(solution, diagnostic, provider));
        }

        Assert.Equal(2, actions.Count);
        Assert.All(actions, offered => Assert.Equal(provider.FirstFixKey, offered[0].EquivalenceKey));
        Assert.Equal(DuplicatedToProcessesExpectingEventsFixProvider.CloseAfterHandOffKey, ((SocketCodeAction)actions[0][0]).Kind);
        Assert.Equal(DuplicatedToProcessesExpectingEventsFixProvider.ClearBeforeDuplicatingKey, ((SocketCodeAction)actions[0][1]).EquivalenceKey);
        Assert.Equal(DuplicatedToProcessesExpectingEventsFixProvider.ClearBeforeDuplicatingKey, ((SocketCodeAction)actions[1][0]).Kind);
        Assert.Single(actions[1]);
    }

    [Fact]
    public async Task FixAll_WithTheKeyOfEitherDiagnosticsFirstFix_FixesBoth_TheSameWay()
    {
        var provider = new DuplicatedToProcessesExpectingEventsFixProvider();
        var (solution, documentId) = CreateSolution();
        var diagnostics = await DiagnosticsAsync(solution, provider);
        var results = new List<string>();
        foreach (var first in new[] { diagnostics, diagnostics.Reverse().ToImmutableArray() })
        {
            // What dotnet format does: the key of the first action of the first diagnostic in its list.
            var key = (await ActionsAsync(solution, first[0], provider))[0].EquivalenceKey;
            var context = new FixAllContext(solution.GetDocument(documentId)!, provider, FixAllScope.Solution, key, provider.FixableDiagnosticIds, new FixedDiagnostics(first), CancellationToken.None);
            var action = await provider.GetFixAllProvider().GetFixAsync(context);
            var changed = (await action!.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
            Assert.Empty(await DiagnosticsAsync(changed, provider));
            results.Add((await changed.GetDocument(documentId)!.GetTextAsync()).ToString());
        }

        Assert.Equal(results[0], results[1]);
        Assert.Contains("closesocket(listener);", results[0]);
        Assert.Contains("WSAEventSelect(connection, default, 0);", results[0]);
    }

    private static (Solution Solution, DocumentId DocumentId) CreateSolution()
    {
        var project = new AdhocWorkspace().CurrentSolution
            .AddProject("FirstFixKey", "FirstFixKey", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true))
            .AddMetadataReferences(TestReferences.Net);
        project = project.AddDocument("Interop.cs", InteropSources.DllImport, filePath: "/0/Interop.cs").Project;
        var document = project.AddDocument("Shapes.cs", TwoFirstKinds, filePath: "/0/Shapes.cs");
        return (document.Project.Solution, document.Id);
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Solution solution, CodeFixProvider provider)
    {
        var compilation = (await solution.Projects.Single().GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return (await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync())
            .Where(d => provider.FixableDiagnosticIds.Contains(d.Id))
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    private static async Task<List<CodeAction>> ActionsAsync(Solution solution, Diagnostic diagnostic, CodeFixProvider provider)
    {
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
