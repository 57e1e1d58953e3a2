using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Tests.Meta;
using SharedSockets.Analyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// The fixes on the robustness corpus: every diagnostic of the realistic socket code (<see cref="SocketHeavySources"/>),
/// whole and with seeded token mutations, goes to every provider that fixes it; registering the fixes and computing
/// each offered action must never throw (an IDE shows that as a failed fix; dotnet format as an aborted run). On the
/// whole code, which compiles, every offered action must also leave code that compiles.
/// <c>SHAREDSOCKETS_FIX_FUZZ_CASES</c> sets the number of mutated cases.
/// </summary>
public sealed class FixProviderCrashTests(ITestOutputHelper output)
{
    private const int DefaultCases = 30;

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ShippedAnalyzers.CreateAnalyzers();
    private static readonly ImmutableArray<CodeFixProvider> Providers = ShippedAnalyzers.CreateCodeFixProviders();

    [Fact]
    public async Task EveryOfferedFix_OnTheWholeCode_ComputesAndCompiles()
    {
        var (solution, documentId) = CreateSolution(SocketHeavySources.Server);
        var failures = new List<string>();
        var actions = await RunProvidersAsync(solution, failures, "whole code", verifyCompiles: true);
        output.WriteLine($"{actions} actions computed on the whole code");
        Assert.True(actions > 0, "No fix was offered on the whole code: the test checks nothing.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task EveryOfferedFix_OnMutatedCode_NeverThrows()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("SHAREDSOCKETS_FIX_FUZZ_CASES"), out var configured) && configured > 0 ? configured : DefaultCases;
        var usage = new TokenMutator(SocketHeavySources.Server);
        var random = new Random(MutationFuzzTests.Seed);
        var failures = new List<string>();
        var actions = 0;
        for (var index = 0; index < cases; index++)
        {
            var (source, mutations) = usage.Mutate(random);
            var (solution, _) = CreateSolution(source);
            actions += await RunProvidersAsync(solution, failures, $"case {index} (seed {MutationFuzzTests.Seed}): {mutations}", verifyCompiles: false);
        }

        output.WriteLine($"{cases} mutated cases, {actions} actions computed");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static (Solution Solution, DocumentId DocumentId) CreateSolution(string usage)
    {
        var project = new AdhocWorkspace().CurrentSolution
            .AddProject("Robustness", "Robustness", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(AnalyzerCrashProbe.ParseOptions())
            .AddMetadataReferences(TestReferences.Net);
        for (var index = 0; index < SocketHeavySources.Bindings.Length; index++)
        {
            project = project.AddDocument($"Bindings{index}.cs", SocketHeavySources.Bindings[index], filePath: $"/0/Bindings{index}.cs").Project;
        }

        var document = project.AddDocument("Server.cs", usage, filePath: "/0/Server.cs");
        return (document.Project.Solution, document.Id);
    }

    /// <summary>Asks every provider for every diagnostic it fixes and computes every action; returns how many were computed.</summary>
    private static async Task<int> RunProvidersAsync(Solution solution, List<string> failures, string label, bool verifyCompiles)
    {
        var project = solution.Projects.Single();
        var compilation = (await project.GetCompilationAsync())!;
        var errorsBefore = Errors(compilation);
        var diagnostics = await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
        var computed = 0;
        foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal) && d.Location.IsInSource))
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
            foreach (var provider in Providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var where = $"{label}: {provider.GetType().Name} on {diagnostic.Id} at {diagnostic.Location.GetLineSpan().StartLinePosition}";
                var actions = new List<CodeAction>();
                try
                {
                    await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        var changed = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
                        computed++;
                        if (verifyCompiles && Errors((await changed.Projects.Single().GetCompilationAsync())!) is var errors && errors.Count > errorsBefore.Count)
                        {
                            failures.Add($"{where}: '{action.Title}' leaves code that does not compile: {string.Join("; ", errors.Except(errorsBefore).Take(3))}");
                        }
                    }
                }
                catch (Exception exception)
                {
                    failures.Add($"{where}: threw {exception.GetType().Name}: {exception.Message}{Environment.NewLine}{exception.StackTrace}");
                }
            }
        }

        return computed;
    }

    private static List<string> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{d.Id}: {d.GetMessage()}").ToList();
}
