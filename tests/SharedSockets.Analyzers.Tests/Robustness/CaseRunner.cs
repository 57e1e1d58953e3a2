using Microsoft.CodeAnalysis;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>Runs one named robustness case: the case's files plus (optionally) every binding style.</summary>
internal static class CaseRunner
{
    private static readonly Lazy<SyntaxTree[]> BindingTrees = new(() =>
        SocketHeavySources.Bindings.Select((text, index) => AnalyzerCrashProbe.Parse(text, $"Bindings{index}.cs")).ToArray());

    public static TheoryData<string> Names(IReadOnlyDictionary<string, string> cases)
    {
        var data = new TheoryData<string>();
        foreach (var name in cases.Keys.OrderBy(name => name, StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>The case compiled with the shared bindings (DllImport, LibraryImport, CsWin32, Vanara) beside it.</summary>
    public static Task VerifyNoCrashWithBindingsAsync(string name, string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, params string[] preprocessorSymbols) =>
        VerifyNoCrashAsync(name, BindingTrees.Value.Append(AnalyzerCrashProbe.Parse(source, "Case.cs", AnalyzerCrashProbe.ParseOptions(preprocessorSymbols))), outputKind, source);

    /// <summary>The case alone: it declares (or breaks) its own bindings.</summary>
    public static Task VerifyNoCrashAloneAsync(string name, string source) =>
        VerifyNoCrashAsync(name, new[] { AnalyzerCrashProbe.Parse(source, "Case.cs") }, OutputKind.DynamicallyLinkedLibrary, source);

    public static async Task VerifyNoCrashAsync(string name, IEnumerable<SyntaxTree> trees, OutputKind outputKind, string shownSource)
    {
        var failures = await AnalyzerCrashProbe.RunAsync(trees, outputKind);
        Assert.True(failures.Count == 0, $"{name}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}{Environment.NewLine}--- input:{Environment.NewLine}{shownSource}");
    }
}
