using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SharedSockets.Analyzers.Tests.Interop;

namespace SharedSockets.Analyzers.Tests.Verifiers;

/// <summary>Rule tests: <c>Microsoft.CodeAnalysis.Testing</c> on <see cref="SocketTestProject"/>.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The rule's diagnostic (each analyzer reports one rule).</summary>
    public static DiagnosticResult Diagnostic() => SocketTestProject.RuleDiagnostic<TAnalyzer>();

    public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(diagnosticId);

    /// <summary><paramref name="source"/> with the default <c>[DllImport]</c> bindings reports exactly its markup and <paramref name="expected"/>.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test() => SocketTestProject.Configure(this, () => RunLibraryImportGenerator);

        /// <summary>The Winsock bindings added as <c>Interop.cs</c>; <see langword="null"/> for none.</summary>
        public string? Interop { get; set; } = InteropSources.DllImport;

        /// <summary>Runs the SDK's <c>[LibraryImport]</c> generator, for bindings with partial methods.</summary>
        public bool RunLibraryImportGenerator { get; set; }

        /// <summary>References the SharedSockets shim.</summary>
        public bool ReferenceShim
        {
            get => TestState.AdditionalReferences.Contains(TestReferences.Shim);
            set
            {
                if (value && !ReferenceShim)
                {
                    TestState.AdditionalReferences.Add(TestReferences.Shim);
                }
            }
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            SocketTestProject.WithProjectOptions(base.CreateCompilationOptions());

        protected override ParseOptions CreateParseOptions() =>
            SocketTestProject.WithProjectOptions(base.CreateParseOptions());

        protected override Project ApplyCompilationOptions(Project project) =>
            SocketTestProject.ApplyCompilationOptions(project);

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            SocketTestProject.CompleteSources(TestState, Interop);
            return base.RunImplAsync(cancellationToken);
        }
    }
}
