using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// What the IDE analyses while someone types: every analyzer runs on prefixes of a socket-heavy file
/// cut at token boundaries (unbalanced braces, half-written calls, missing arguments) and must not throw.
/// </summary>
public sealed class TruncatedSourceTests
{
    /// <summary>Enough cut points to hit every construct of the file (~ every 10th token) while staying fast.</summary>
    private const int MaximumPrefixesPerFile = 160;

    [Fact]
    public async Task UnmutatedCorpus_CompilesExceptForLibraryImportsAndTriggersRules()
    {
        // The corpus must be real code that drives the rules, or cutting and mutating it proves little.
        var trees = SocketHeavySources.Bindings.Select((text, index) => AnalyzerCrashProbe.Parse(text, $"Bindings{index}.cs"))
            .Append(AnalyzerCrashProbe.Parse(SocketHeavySources.Server, "Server.cs"))
            .ToArray();
        var compilation = CSharpCompilation.Create(
            "Corpus",
            trees,
            Verifiers.TestReferences.Net,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        // CS8795: [LibraryImport] partial methods have no implementation without the source generator.
        var errors = compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Id != "CS8795")
            .ToArray();
        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(error => error.ToString())));

        var failures = await AnalyzerCrashProbe.RunAsync(trees, OutputKind.DynamicallyLinkedLibrary);
        Assert.Empty(failures);
        var reported = await ReportedRuleIdsAsync(compilation);
        Assert.Contains("SOCK001", reported);
    }

    [Fact]
    public async Task PrefixesOfUsageCode_WithIntactBindings_DoNotCrashAnyAnalyzer()
    {
        var bindings = SocketHeavySources.Bindings.Select((text, index) => AnalyzerCrashProbe.Parse(text, $"Bindings{index}.cs")).ToArray();
        var check = new RobustnessAssert();
        foreach (var (name, prefix) in Prefixes(SocketHeavySources.Server))
        {
            await check.CheckAsync(
                name,
                prefix,
                () => AnalyzerCrashProbe.RunAsync(bindings.Append(AnalyzerCrashProbe.Parse(prefix, "Server.cs")), OutputKind.DynamicallyLinkedLibrary));
        }

        check.NoFailures();
        Assert.True(check.Cases >= MaximumPrefixesPerFile / 2);
    }

    [Theory]
    [InlineData(nameof(Interop.InteropSources.DllImport))]
    [InlineData(nameof(Interop.InteropSources.CsWin32))]
    [InlineData(nameof(Interop.InteropSources.Vanara))]
    [InlineData(nameof(Interop.InteropSources.LibraryImport))]
    public async Task PrefixesOfBindings_WithIntactUsageCode_DoNotCrashAnyAnalyzer(string bindingStyle)
    {
        var bindings = SocketHeavySources.Bindings.Select((text, index) => AnalyzerCrashProbe.Parse(text, $"Bindings{index}.cs")).ToList();
        var text = (string)typeof(Interop.InteropSources).GetField(bindingStyle)!.GetRawConstantValue()!;
        bindings.RemoveAll(tree => tree.ToString() == text);
        var server = AnalyzerCrashProbe.Parse(SocketHeavySources.Server, "Server.cs");
        var check = new RobustnessAssert();
        foreach (var (name, prefix) in Prefixes(text, MaximumPrefixesPerFile / 4))
        {
            await check.CheckAsync(
                name,
                prefix,
                () => AnalyzerCrashProbe.RunAsync(bindings.Append(server).Append(AnalyzerCrashProbe.Parse(prefix, "Bindings.cs")), OutputKind.DynamicallyLinkedLibrary));
        }

        check.NoFailures();
    }

    /// <summary>Prefixes ending after evenly spaced tokens (the last one is the whole file).</summary>
    internal static IEnumerable<(string Name, string Prefix)> Prefixes(string text, int maximum = MaximumPrefixesPerFile)
    {
        var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().ToArray();
        var step = Math.Max(1, tokens.Length / maximum);
        for (var index = 0; index < tokens.Length; index += step)
        {
            var end = tokens[index].Span.End;
            yield return ($"prefix through token {index} of {tokens.Length} ('{tokens[index].Text}' at {end})", text[..end]);
        }
    }

    private static async Task<HashSet<string>> ReportedRuleIdsAsync(Compilation compilation)
    {
        var diagnostics = await compilation
            .WithAnalyzers(Meta.ShippedAnalyzers.CreateAnalyzers())
            .GetAnalyzerDiagnosticsAsync();
        return diagnostics.Select(diagnostic => diagnostic.Id).ToHashSet();
    }
}
