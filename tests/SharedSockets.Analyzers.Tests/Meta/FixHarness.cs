using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Tests.Interop;
using SharedSockets.Analyzers.Tests.Verifiers;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// What the Fix All meta tests do by hand, as an IDE or <c>dotnet format</c> would: one document over the DllImport
/// bindings, the shipped analyzers' diagnostics of a provider, the actions its light bulb offers, Fix All asked with
/// a given key over a given list of diagnostics, and the solution an action leaves.
/// </summary>
internal static class FixHarness
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ShippedAnalyzers.CreateAnalyzers();

    public static (Solution Solution, DocumentId DocumentId) CreateSolution(string source, string name)
    {
        var project = new AdhocWorkspace().CurrentSolution
            .AddProject(name, name, LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
            .AddMetadataReferences(TestReferences.Net);
        project = project.AddDocument("Interop.cs", InteropSources.DllImport, filePath: "/0/Interop.cs").Project;
        var document = project.AddDocument(name + ".cs", source, filePath: $"/0/{name}.cs");
        return (document.Project.Solution, document.Id);
    }

    /// <summary>The provider's diagnostics in the project, in source order; the code must compile.</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project, CodeFixProvider provider)
    {
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return (await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync())
            .Where(d => provider.FixableDiagnosticIds.Contains(d.Id))
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>The actions the light bulb offers for <paramref name="diagnostic"/>, in its order.</summary>
    public static async Task<List<CodeAction>> ActionsAsync(Solution solution, Diagnostic diagnostic, CodeFixProvider provider)
    {
        var actions = new List<CodeAction>();
        var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    /// <summary>Fix All in solution scope with <paramref name="key"/>, over <paramref name="diagnostics"/> in the order given.</summary>
    public static async Task<Solution> FixAllAsync(Solution solution, DocumentId documentId, CodeFixProvider provider, string? key, ImmutableArray<Diagnostic> diagnostics)
    {
        var context = new FixAllContext(solution.GetDocument(documentId)!, provider, FixAllScope.Solution, key, provider.FixableDiagnosticIds, new GivenDiagnostics(diagnostics), CancellationToken.None);
        var action = await provider.GetFixAllProvider()!.GetFixAsync(context);
        return action is null ? solution : await ApplyAsync(action);
    }

    public static async Task<Solution> ApplyAsync(CodeAction action) =>
        (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

    public static async Task<string> TextAsync(Solution solution, DocumentId documentId) =>
        (await solution.GetDocument(documentId)!.GetTextAsync()).ToString();

    /// <summary>Fix All's diagnostics, as a host hands them over (dotnet format: its own list, in its own order).</summary>
    private sealed class GivenDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
