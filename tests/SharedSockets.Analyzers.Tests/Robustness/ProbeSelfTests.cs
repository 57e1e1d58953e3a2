using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Tests.Meta;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>The probe itself: it must see every shipped analyzer and notice an analyzer that throws.</summary>
public sealed class ProbeSelfTests
{
    [Fact]
    public void Discovery_FindsEveryRuleAnalyzer()
    {
        Assert.Contains(typeof(Analyzers.Rules.EventRegistrationCancelsEarlierAnalyzer), ShippedAnalyzers.AnalyzerTypes);
        Assert.DoesNotContain(typeof(Analyzers.Rules.SocketRuleAnalyzer), ShippedAnalyzers.AnalyzerTypes);
    }

    [Fact]
    public async Task ThrowingAnalyzer_IsReported()
    {
        var failures = await AnalyzerCrashProbe.RunAsync(
            new[] { AnalyzerCrashProbe.Parse("class C { void M() { M(); } }") },
            OutputKind.DynamicallyLinkedLibrary,
            ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()));

        Assert.Contains(failures, failure => failure.Contains(nameof(ThrowingAnalyzer)) && failure.Contains("boom"));
    }

    [Fact]
    public async Task InputThatCrashesRoslynItself_IsNotCountedAsAnAnalyzerFailure()
    {
        // Found by the fuzzer (seed 7, case 1299): Roslyn 4.14's binder throws NullReferenceException in
        // Binder.CanModifyReadonlyField for an attribute argument assigning to a static readonly field,
        // with or without analyzers. The probe sets such inputs aside instead of blaming the rules.
        const string source = "using System; using System.Runtime.InteropServices; static class C { [DllImport(\"ws2_32.dll\", IntPtr.Zero = true)] static extern int WSAEventSelect(IntPtr s, IntPtr e, int m); }";
        var crashesBefore = AnalyzerCrashProbe.CompilerCrashes.Count;

        var failures = await AnalyzerCrashProbe.RunAsync(source);

        Assert.Empty(failures);
        Assert.True(AnalyzerCrashProbe.CompilerCrashes.Count > crashesBefore, "the compiler did not crash on the known input: the probe's compiler-crash path is untested");
    }

    // A test double handed to the probe directly, never shipped: no [DiagnosticAnalyzer], no release tracking.
#pragma warning disable RS1001, RS2008
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("PROBE001", "t", "m", "c", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => throw new InvalidOperationException("boom"), OperationKind.Invocation);
        }
    }
#pragma warning restore RS1001, RS2008
}
