using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// A seeded random mutation fuzzer: realistic socket code with tokens deleted, duplicated, swapped,
/// replaced or inserted, run through every shipped analyzer, which must never throw or hang.
/// Deterministic: the same seed and case count give the same inputs on every machine.
/// <c>SHAREDSOCKETS_FUZZ_CASES</c> sets the number of cases (default sized for ~20–40 s on 2 cores),
/// <c>SHAREDSOCKETS_FUZZ_SEED</c> the seed; a failure prints the case, its mutations and its source.
/// </summary>
public sealed class MutationFuzzTests
{
    private const int DefaultCases = 200;
    private const int DefaultSeed = 20240605;

    private readonly ITestOutputHelper output;

    public MutationFuzzTests(ITestOutputHelper output) => this.output = output;

    internal static int CaseCount => ReadSetting("SHAREDSOCKETS_FUZZ_CASES", DefaultCases);

    internal static int Seed => ReadSetting("SHAREDSOCKETS_FUZZ_SEED", DefaultSeed);

    [Fact]
    public async Task MutatedSocketCode_NeverCrashesOrHangsAnyAnalyzer()
    {
        var bindings = SocketHeavySources.Bindings.Select((text, index) => AnalyzerCrashProbe.Parse(text, $"Bindings{index}.cs")).ToArray();
        var usage = new TokenMutator(SocketHeavySources.Server);
        var bindingStyles = SocketHeavySources.Bindings.Select(text => new TokenMutator(text)).ToArray();
        var random = new Random(Seed);
        var check = new RobustnessAssert();
        var stopwatch = Stopwatch.StartNew();
        var compilerCrashesBefore = AnalyzerCrashProbe.CompilerCrashes.Count;

        for (var index = 0; index < CaseCount; index++)
        {
            // Mostly the usage code; every fifth case breaks one of the binding files instead.
            var mutateBindings = index % 5 == 4;
            var target = mutateBindings ? random.Next(bindingStyles.Length) : -1;
            var (source, mutations) = (mutateBindings ? bindingStyles[target] : usage).Mutate(random);
            var trees = mutateBindings
                ? bindings.Where((_, i) => i != target).Append(AnalyzerCrashProbe.Parse(source, "Mutated.cs")).Append(AnalyzerCrashProbe.Parse(SocketHeavySources.Server, "Server.cs"))
                : bindings.Append(AnalyzerCrashProbe.Parse(source, "Mutated.cs"));
            await check.CheckAsync(
                $"case {index} (seed {Seed}, {(mutateBindings ? $"bindings {target}" : "usage")}): {mutations}",
                source,
                () => AnalyzerCrashProbe.RunAsync(trees.ToArray(), OutputKind.DynamicallyLinkedLibrary));
        }

        var compilerCrashes = AnalyzerCrashProbe.CompilerCrashes.Count - compilerCrashesBefore;
        output.WriteLine($"{check.Cases} fuzz cases (seed {Seed}) in {stopwatch.Elapsed.TotalSeconds:0.0} s; Roslyn itself crashed (without analyzers) on {compilerCrashes} of them");
        foreach (var crash in AnalyzerCrashProbe.CompilerCrashes.Skip(compilerCrashesBefore).Take(1))
        {
            output.WriteLine("First compiler crash (not an analyzer failure): " + crash);
        }

        check.NoFailures();
        Assert.Equal(CaseCount, check.Cases);
    }

    [Fact]
    public void Mutator_IsDeterministicAndChangesTheSource()
    {
        var mutator = new TokenMutator(SocketHeavySources.Server);
        var first = Enumerable.Range(0, 20).Select(i => mutator.Mutate(new Random(i)).Source).ToArray();
        var second = Enumerable.Range(0, 20).Select(i => mutator.Mutate(new Random(i)).Source).ToArray();

        Assert.Equal(first, second);
        Assert.Contains(first, source => source != SocketHeavySources.Server);
    }

    [Fact]
    public void Mutator_WithoutMutations_ReproducesTheSourceExactly()
    {
        // Tokens carry their own trivia: an unmutated join must be the original text, or mutations would be noise.
        var tokens = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(SocketHeavySources.Server).GetRoot().DescendantTokens();
        Assert.Equal(SocketHeavySources.Server, string.Concat(tokens.Select(token => token.ToFullString())));
    }

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
