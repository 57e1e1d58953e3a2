using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SharedSockets.Analyzers.Tests.Interop;

namespace SharedSockets.Analyzers.Tests.Verifiers;

/// <summary>
/// The project every rule and fix test compiles: a C# (latest) library with nullable and unsafe code
/// enabled, against <see cref="TestReferences.Net"/>, with the Winsock bindings in a document of their
/// own (<c>Interop.cs</c>) so each test shows only the code under test.
/// </summary>
internal static class SocketTestProject
{
    /// <summary>Where named documents go: beside the framework's <c>/0/Test0.cs</c>, so one <c>/.editorconfig</c> covers all.</summary>
    public const string DocumentFolder = "/0/";

    public const string InteropFileName = "Interop.cs";

    // No reference-assembly package to resolve: TestReferences.Net is added to every project instead.
    private static readonly ReferenceAssemblies NoPackage = new("net10.0");

    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test, Func<bool> runLibraryImportGenerator)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoPackage;

        // A rule may word its message in several descriptors of one id: markup names the id, whichever descriptor.
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net);
        test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
        test.SolutionTransforms.Add((solution, projectId) => WithGenerator(solution, projectId, runLibraryImportGenerator()));
    }

    /// <summary>
    /// Before a run: names documents under <see cref="DocumentFolder"/>, adds the bindings, and gives every
    /// expected state with sources the documents it leaves out unchanged (a fix test names only what changes).
    /// </summary>
    /// <summary>The rule's diagnostic: its id, default severity and location; the message is given with <c>WithMessage</c>.</summary>
    public static DiagnosticResult RuleDiagnostic<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var descriptors = new TAnalyzer().SupportedDiagnostics;
        if (descriptors.Select(descriptor => descriptor.Id).Distinct().Count() != 1)
        {
            throw new InvalidOperationException($"{typeof(TAnalyzer).Name} reports several rules: name the id.");
        }

        return new DiagnosticResult(descriptors[0]);
    }

    public static void CompleteSources(SolutionState testState, string? interop, params SolutionState[] expectedStates)
    {
        PlaceInDocumentFolder(testState);
        if (interop is not null && !Contains(testState, DocumentFolder + InteropFileName))
        {
            testState.Sources.Add((DocumentFolder + InteropFileName, interop));
        }

        foreach (var state in expectedStates.Where(state => state.Sources.Count > 0))
        {
            PlaceInDocumentFolder(state);
            foreach (var source in testState.Sources.Where(source => !Contains(state, source.filename)).ToList())
            {
                state.Sources.Add(source);
            }
        }
    }

    private static void PlaceInDocumentFolder(SolutionState state)
    {
        for (var index = 0; index < state.Sources.Count; index++)
        {
            var (filename, content) = state.Sources[index];
            if (!filename.StartsWith('/'))
            {
                state.Sources[index] = (DocumentFolder + filename, content);
            }
        }
    }

    private static bool Contains(SolutionState state, string filename) =>
        state.Sources.Any(source => source.filename == filename);

    /// <summary>
    /// What the framework's default does, less one thing: it pins every tested rule id to
    /// <c>Default</c>, which overrides <c>.editorconfig</c> severities. Every rule here is enabled by
    /// default, so the project is left as a build sees it; an analyzer exception (AD0001) stays an error.
    /// </summary>
    public static Project ApplyCompilationOptions(Project project)
    {
        var options = project.CompilationOptions!;
        return project.WithCompilationOptions(
            options.WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.SetItem("AD0001", ReportDiagnostic.Error)));
    }

    public static CompilationOptions WithProjectOptions(CompilationOptions options) =>
        ((CSharpCompilationOptions)options)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithAllowUnsafe(true);

    public static ParseOptions WithProjectOptions(ParseOptions options) =>
        ((CSharpParseOptions)options).WithLanguageVersion(LanguageVersion.Latest);

    // [LibraryImport] methods are partial: the SDK's generator writes their bodies, as in a real build.
    private static Solution WithGenerator(Solution solution, ProjectId projectId, bool runLibraryImportGenerator) =>
        runLibraryImportGenerator
            ? solution.AddAnalyzerReference(projectId, LibraryImportGenerator.AnalyzerReference)
            : solution;
}
