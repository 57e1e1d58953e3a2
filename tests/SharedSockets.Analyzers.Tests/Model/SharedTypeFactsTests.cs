using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Model;
using SharedSockets.Analyzers.Tests.Meta;
using SharedSockets.Analyzers.Tests.Robustness;
using SharedSockets.Analyzers.Tests.Verifiers;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Model;

/// <summary>
/// All rules share one set of facts per type (<see cref="TypeModels"/>): together they must report
/// exactly what each reports alone, however the driver interleaves them, and a compilation analysed
/// twice must not see its facts twice.
/// </summary>
public sealed class SharedTypeFactsTests
{
    [Fact]
    public async Task AllRulesTogether_ReportExactlyWhatEachReportsAlone()
    {
        var compilation = SocketHeavyCompilation();
        var alone = new List<string>();
        foreach (var analyzer in NewAnalyzers())
        {
            alone.AddRange(await DiagnosticsAsync(compilation, ImmutableArray.Create(analyzer), concurrent: false));
        }

        var together = await DiagnosticsAsync(compilation, NewAnalyzers(), concurrent: true);

        Assert.True(alone.Select(line => line.Split('@')[0]).Distinct().Count() >= 4, "The input should make several rules fire:\n" + string.Join("\n", alone));
        Assert.Equal(alone.OrderBy(line => line, StringComparer.Ordinal), together);
    }

    [Fact]
    public async Task RepeatedConcurrentRuns_GiveTheSameDiagnostics()
    {
        var first = await DiagnosticsAsync(SocketHeavyCompilation(), NewAnalyzers(), concurrent: true);
        for (var run = 0; run < 5; run++)
        {
            Assert.Equal(first, await DiagnosticsAsync(SocketHeavyCompilation(), NewAnalyzers(), concurrent: true));
        }
    }

    [Fact]
    public async Task OneCompilationAnalysedTwice_DoesNotCountItsFactsTwice()
    {
        var compilation = SocketHeavyCompilation();

        var first = await DiagnosticsAsync(compilation, NewAnalyzers(), concurrent: true);
        var second = await DiagnosticsAsync(compilation, NewAnalyzers(), concurrent: true);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task FileByFileAnalysis_AsTheIdeRunsIt_ReportsWhatTheWholeCompilationReports()
    {
        var compilation = SocketHeavyCompilation();
        var whole = (await DiagnosticsAsync(compilation, NewAnalyzers(), concurrent: true))
            .Where(line => !line.Contains("[end]", StringComparison.Ordinal))
            .ToArray();

        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(NewAnalyzers(), options);
        var fileByFile = new List<string>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
            fileByFile.AddRange(diagnostics.Select(Describe));
        }

        Assert.NotEmpty(whole);
        Assert.Equal(whole, fileByFile.Distinct().OrderBy(line => line, StringComparer.Ordinal));
    }

    [Fact]
    public void Cache_BuildsATypesModelOnce_ForEveryRequest()
    {
        var compilation = SocketHeavyCompilation();
        var sockets = SocketCompilation.For(compilation);
        var type = compilation.GetTypeByMetadataName("Contoso.Server.PreforkServer")!;
        var builds = 0;
        SemanticModel ModelOf(SyntaxTree tree)
        {
            Interlocked.Increment(ref builds);
            return compilation.GetSemanticModel(tree);
        }

        var requests = Enumerable.Range(0, 8).AsParallel().Select(_ => sockets.Models.Of(type, ModelOf, CancellationToken.None)).ToArray();

        Assert.All(requests, facts => Assert.Same(requests[0], facts));
        Assert.False(requests[0].IsEmpty);
        Assert.Equal(type.DeclaringSyntaxReferences.Length, builds);
    }

    [Fact]
    public void Cache_ACancelledBuild_IsNotKept()
    {
        var compilation = SocketHeavyCompilation();
        var sockets = SocketCompilation.For(compilation);
        var type = compilation.GetTypeByMetadataName("Contoso.Server.PreforkServer")!;

        Assert.ThrowsAny<OperationCanceledException>(() => sockets.Models.Of(type, tree => compilation.GetSemanticModel(tree), new CancellationToken(canceled: true)));
        var facts = sockets.Models.Of(type, tree => compilation.GetSemanticModel(tree), CancellationToken.None);

        Assert.False(facts.IsEmpty);
    }

    private static ImmutableArray<DiagnosticAnalyzer> NewAnalyzers() =>
        ShippedAnalyzers.AnalyzerTypes.Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!).ToImmutableArray();

    private static CSharpCompilation SocketHeavyCompilation()
    {
        var sources = SocketHeavySources.Bindings.Append(SocketHeavySources.Server);
        return CSharpCompilation.Create(
            "Shared",
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, path: $"File{index}.cs")),
            TestReferences.Net,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static async Task<string[]> DiagnosticsAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException($"{analyzer.GetType().Name} threw.", exception),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics
            .Select(Describe)
            .OrderBy(line => line, StringComparer.Ordinal)
            .ToArray();
    }

    private static string Describe(Diagnostic diagnostic) =>
        $"{diagnostic.Id}@{diagnostic.Location.SourceTree?.FilePath}{diagnostic.Location.SourceSpan}: {diagnostic.GetMessage()} +{diagnostic.AdditionalLocations.Count}"
        + (diagnostic.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd) ? " [end]" : string.Empty);
}
