using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using SharedSockets.CodeFixes.FixAll;
using SharedSockets.Analyzers.Tests.Interop;

namespace SharedSockets.Analyzers.Tests.Verifiers;

/// <summary>
/// Fix tests: <c>Microsoft.CodeAnalysis.Testing</c> on <see cref="SocketTestProject"/>. Each test applies
/// the fixes one by one (<c>FixedCode</c>) and as Fix All in document, project and solution scope
/// (<c>BatchFixedCode</c>, the same as <c>FixedCode</c> unless given), and both results must compile.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic() => SocketTestProject.RuleDiagnostic<TAnalyzer>();

    public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(diagnosticId);

    /// <summary><paramref name="source"/> (default <c>[DllImport]</c> bindings) becomes <paramref name="fixedSource"/> with the first offered fix.</summary>
    public static Task VerifyCodeFixAsync(string source, string fixedSource) =>
        new Test { TestCode = source, FixedCode = fixedSource }.RunAsync(CancellationToken.None);

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test() => SocketTestProject.Configure(this, () => RunLibraryImportGenerator);

        /// <summary>The Winsock bindings added as <c>Interop.cs</c>; <see langword="null"/> for none.</summary>
        public string? Interop { get; set; } = InteropSources.DllImport;

        /// <summary>Runs the SDK's <c>[LibraryImport]</c> generator, for bindings with partial methods.</summary>
        public bool RunLibraryImportGenerator { get; set; }

        /// <summary>References the SharedSockets shim (the fixed code too).</summary>
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

        /// <summary>
        /// The fix (the action with <c>CodeActionEquivalenceKey</c>, when set) must not be offered: the
        /// expected code is the test code, diagnostics included.
        /// </summary>
        public bool ExpectNoFix { get; set; }

        /// <summary>
        /// A test names the kind of fix it applies (<c>CodeActionEquivalenceKey</c>). A diagnostic's first fix is
        /// registered under the provider's first-fix key, so the action of that kind is handed to the framework under
        /// the kind's key, wherever the light bulb lists it (Fix All matches kinds the same way).
        /// </summary>
        protected override CodeFixContext CreateCodeFixContext(Document document, TextSpan span, ImmutableArray<Diagnostic> diagnostics, Action<CodeAction, ImmutableArray<Diagnostic>> registerCodeFix, CancellationToken cancellationToken) =>
            base.CreateCodeFixContext(document, span, diagnostics, (action, fixedDiagnostics) =>
                registerCodeFix(action is SocketCodeAction socketAction && socketAction.Kind == CodeActionEquivalenceKey ? socketAction.AsKind() : action, fixedDiagnostics), cancellationToken);

        protected override CompilationOptions CreateCompilationOptions() =>
            SocketTestProject.WithProjectOptions(base.CreateCompilationOptions());

        protected override ParseOptions CreateParseOptions() =>
            SocketTestProject.WithProjectOptions(base.CreateParseOptions());

        protected override Project ApplyCompilationOptions(Project project) =>
            SocketTestProject.ApplyCompilationOptions(project);

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            if (ExpectNoFix)
            {
                if (FixedState.Sources.Count > 0 || BatchFixedState.Sources.Count > 0)
                {
                    throw new InvalidOperationException($"{nameof(ExpectNoFix)} means the fixed code is the test code: set no FixedCode or BatchFixedCode.");
                }

                FixedState.Sources.AddRange(TestState.Sources);
                FixedState.ExpectedDiagnostics.AddRange(TestState.ExpectedDiagnostics);
            }

            SocketTestProject.CompleteSources(TestState, Interop, FixedState, BatchFixedState);
            return base.RunImplAsync(cancellationToken);
        }
    }
}
