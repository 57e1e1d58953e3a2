using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>
/// Describes one analyzer / code-fix test: sources with markup, the analyzers and fixer under test,
/// configuration and the expected outcome. Every <c>With*</c>/<c>Should*</c> call returns this
/// builder; <see cref="ValidateAsync"/> runs the test. See README.md next to this file.
/// </summary>
public sealed partial class ProjectBuilder
{
    /// <summary>Key for "the document the expected fix applies to" when the test gives no index.</summary>
    private const int DefaultDocument = -1;

    private readonly List<(string? FileName, string Markup)> sources = [];
    private readonly List<Func<DiagnosticAnalyzer>> analyzerFactories = [];
    private readonly List<DiagnosticDetails> diagnosticDetails = [];
    private readonly StringBuilder editorConfig = new();
    private readonly Dictionary<int, string> expectedFixedSources = [];
    private readonly Dictionary<int, string> expectedBatchFixedSources = [];
    private Func<CodeFixProvider>? codeFixFactory;
    private OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary;
    private bool referenceShim;
    private bool runLibraryImportGenerator;
    private bool allowCompilerErrors;
    private bool shouldNotOfferCodeFix;
    private string? codeFixEquivalenceKey;

    private ProjectBuilder()
    {
    }

    /// <summary>A C# (latest) library project, unsafe code allowed, nullable enabled, compiled against the SDK reference pack.</summary>
    public static ProjectBuilder Create() => new();

    /// <summary>Adds a document named <c>Test0.cs</c>, <c>Test1.cs</c>, ... (counting unnamed documents).</summary>
    public ProjectBuilder WithSourceCode(string markup)
    {
        sources.Add((null, markup));
        return this;
    }

    /// <summary>Adds a document with the given file name (e.g. <c>Interop.cs</c>).</summary>
    public ProjectBuilder WithSourceCode(string fileName, string markup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        sources.Add((fileName, markup));
        return this;
    }

    /// <summary>Adds an analyzer under test; call several times to run several together.</summary>
    public ProjectBuilder WithAnalyzer<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        analyzerFactories.Add(() => new TAnalyzer());
        return this;
    }

    /// <summary>Sets the code fix provider under test.</summary>
    public ProjectBuilder WithCodeFixProvider<TFix>()
        where TFix : CodeFixProvider, new()
    {
        codeFixFactory = () => new TFix();
        return this;
    }

    /// <summary>
    /// Adds .editorconfig lines, e.g. <c>dotnet_diagnostic.SOCK001.severity = error</c>; they go in a
    /// <c>[*.cs]</c> section unless the text has its own section header. Calls accumulate.
    /// </summary>
    public ProjectBuilder WithEditorConfig(string contents)
    {
        editorConfig.AppendLine(contents);
        return this;
    }

    /// <summary>References the SharedSockets shim, so fixes that steer to it can be tested.</summary>
    public ProjectBuilder WithShimReference()
    {
        referenceShim = true;
        return this;
    }

    /// <summary>E.g. <see cref="OutputKind.ConsoleApplication"/> for top-level statements.</summary>
    public ProjectBuilder WithOutputKind(OutputKind kind)
    {
        outputKind = kind;
        return this;
    }

    /// <summary>Runs the SDK's LibraryImport source generator, so <c>[LibraryImport]</c> partial methods compile.</summary>
    public ProjectBuilder WithLibraryImportGenerator()
    {
        runLibraryImportGenerator = true;
        return this;
    }

    /// <summary>
    /// Lets the test code have compiler errors (robustness tests: broken code must not make an
    /// analyzer throw). Fixed code must still compile.
    /// </summary>
    public ProjectBuilder AllowCompilerErrors()
    {
        allowCompilerErrors = true;
        return this;
    }

    /// <summary>
    /// Details for the next markup diagnostic in source order (documents in the order added): the
    /// first call describes the first <c>[|...|]</c>/<c>{|ID:...|}</c> span, the second the second, ...
    /// <paramref name="message"/> and <paramref name="severity"/> are checked when given (the
    /// severity otherwise defaults to the effective one). <paramref name="additionalLocationMarkers"/>
    /// (<c>"#0"</c>, <c>"#1"</c>) name <c>{|#0:...|}</c> spans; when given, the diagnostic's
    /// AdditionalLocations must be exactly those spans, in that order.
    /// </summary>
    public ProjectBuilder ShouldReportDiagnostic(
        string id,
        string? message = null,
        DiagnosticSeverity? severity = null,
        params string[] additionalLocationMarkers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        diagnosticDetails.Add(new DiagnosticDetails(id, message, severity, additionalLocationMarkers ?? []));
        return this;
    }

    /// <summary>
    /// The expected code after applying fixes one at a time (re-analysing between fixes). Applies to
    /// the only document with diagnostic markup (document 0 when none has markup); use the
    /// overload with an index when several documents have markup.
    /// </summary>
    public ProjectBuilder ShouldFixCodeWith(string fixedSource)
    {
        expectedFixedSources[DefaultDocument] = fixedSource;
        return this;
    }

    /// <summary>The expected code of document <paramref name="documentIndex"/> (order of WithSourceCode calls) after fixes one at a time.</summary>
    public ProjectBuilder ShouldFixCodeWith(int documentIndex, string fixedSource)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentIndex);
        expectedFixedSources[documentIndex] = fixedSource;
        return this;
    }

    /// <summary>The expected code after Fix All; Document, Project and Solution scopes must all give it.</summary>
    public ProjectBuilder ShouldBatchFixCodeWith(string fixedSource)
    {
        expectedBatchFixedSources[DefaultDocument] = fixedSource;
        return this;
    }

    /// <summary>The expected code of document <paramref name="documentIndex"/> after Fix All in each scope.</summary>
    public ProjectBuilder ShouldBatchFixCodeWith(int documentIndex, string fixedSource)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentIndex);
        expectedBatchFixedSources[documentIndex] = fixedSource;
        return this;
    }

    /// <summary>Which registered code action to apply (and to Fix All); default: the first registered.</summary>
    public ProjectBuilder WithCodeFixEquivalenceKey(string key)
    {
        codeFixEquivalenceKey = key;
        return this;
    }

    /// <summary>
    /// The fixer must register no action for any reported diagnostic it fixes (no action with the
    /// equivalence key, when one is set).
    /// </summary>
    public ProjectBuilder ShouldNotOfferCodeFix()
    {
        shouldNotOfferCodeFix = true;
        return this;
    }

    private IReadOnlyList<TestSource> ParseSources()
    {
        var unnamed = 0;
        var parsed = new List<TestSource>();
        foreach (var (fileName, markup) in sources)
        {
            var name = fileName ?? string.Create(CultureInfo.InvariantCulture, $"Test{unnamed++}.cs");
            if (parsed.Any(source => string.Equals(source.FileName, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"Test error: two documents are named '{name}'.");
            }

            parsed.Add(new TestSource(name, MarkupParser.Parse(markup)));
        }

        return parsed;
    }

    private TestProjectDefinition Define(IReadOnlyList<TestSource> parsedSources) => new(
        parsedSources,
        editorConfig.Length == 0 ? null : TestWorkspaceFactory.NormalizeEditorConfig(editorConfig.ToString()),
        outputKind,
        referenceShim,
        runLibraryImportGenerator);
}
