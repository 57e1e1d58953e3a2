using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.RealCodeScan;

/// <summary>Files analysed together as one compilation; <see cref="Root"/> is what printed paths are relative to.</summary>
public sealed record ScanProject(string Name, string Root, IReadOnlyList<string> Files);

/// <summary>An exception an analyzer threw (what the compiler reports as AD0001), with its stack trace.</summary>
public sealed record AnalyzerFailure(string Analyzer, Exception Exception);

/// <summary>What the analyzers reported on one project.</summary>
public sealed record ProjectScan(
    ScanProject Project,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<AnalyzerFailure> Failures,
    ImmutableArray<Diagnostic> CompileErrors);

/// <summary>
/// Compiles real code that does not build (missing references, other target frameworks) against the SDK's
/// reference pack and runs analyzers over it. Compile errors are counted, never fatal: the analyzers see
/// whatever binds, as they would in an IDE with a broken project.
/// </summary>
public sealed class Scanner(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<MetadataReference> references, IEnumerable<string> preprocessorSymbols)
{
    private readonly CSharpParseOptions _parseOptions = new(LanguageVersion.Preview, DocumentationMode.None, preprocessorSymbols: preprocessorSymbols);

    public static ImmutableArray<MetadataReference> ReferencePackPlus(IEnumerable<string> extraReferences)
    {
        var directory = typeof(Scanner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "ReferencePackDirectory")?.Value;
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new InvalidOperationException($"The SDK reference pack recorded at build time is missing (ReferencePackDirectory '{directory}').");
        }

        var files = Directory.GetFiles(directory, "*.dll")
            .Concat(extraReferences.SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path, "*.dll") : [path]))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return [.. files.Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))];
    }

    /// <summary>A folder is one project (every .cs under it but bin/ and obj/), or one project per file.</summary>
    public static IReadOnlyList<ScanProject> ProjectsOf(string input, bool perFile)
    {
        if (File.Exists(input))
        {
            var full = Path.GetFullPath(input);
            return [new ScanProject(Path.GetFileName(full), Path.GetDirectoryName(full)!, [full])];
        }

        var root = Path.GetFullPath(input);
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(root, file))
            .Order(StringComparer.Ordinal)
            .ToList();
        return perFile
            ? [.. files.Select(file => new ScanProject(Path.GetRelativePath(root, file), root, [file]))]
            : [new ScanProject(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), root, files)];
    }

    public async Task<ProjectScan> ScanAsync(ScanProject project, CancellationToken cancellationToken = default)
    {
        var trees = project.Files.Select(file => CSharpSyntaxTree.ParseText(
            File.ReadAllText(file, Encoding.UTF8), _parseOptions, path: file, encoding: Encoding.UTF8, cancellationToken));
        var compilation = CSharpCompilation.Create(
            "RealCode",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        var failures = new ConcurrentQueue<AnalyzerFailure>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, _) => failures.Enqueue(new AnalyzerFailure(analyzer.GetType().FullName ?? analyzer.ToString(), exception)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);

        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error);
        return new ProjectScan(project, [.. diagnostics.OrderBy(d => d, DiagnosticOrder.Instance)], [.. failures], [.. errors.OrderBy(d => d, DiagnosticOrder.Instance)]);
    }

    private static bool IsBuildOutput(string root, string file) =>
        Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).SkipLast(1).Any(part => part is "bin" or "obj");

    private sealed class DiagnosticOrder : IComparer<Diagnostic>
    {
        public static readonly DiagnosticOrder Instance = new();

        public int Compare(Diagnostic? x, Diagnostic? y)
        {
            var left = x!.Location.GetLineSpan();
            var right = y!.Location.GetLineSpan();
            var byPath = string.CompareOrdinal(left.Path, right.Path);
            if (byPath != 0)
            {
                return byPath;
            }

            var byPosition = left.StartLinePosition.CompareTo(right.StartLinePosition);
            return byPosition != 0 ? byPosition : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
