using System.Collections.Immutable;
using System.IO.Compression;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.RealCodeScan;

/// <summary>
/// The analyzers of a package (or a folder, or one DLL), loaded the way the compiler loads <c>/analyzer</c>
/// arguments: an <see cref="AnalyzerFileReference"/> per DLL, through an isolating assembly loader.
/// Nothing is referenced at build time, so what runs is exactly what was packed.
/// </summary>
public sealed class PackagedAnalyzers : IDisposable
{
    // Where NuGet puts C# analyzers; the compiler is given every DLL under it.
    private const string CSharpAnalyzerFolder = "analyzers/dotnet/cs/";

    private readonly string? _extractedDirectory;

    private PackagedAnalyzers(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<string> loadFailures, string? extractedDirectory)
    {
        Analyzers = analyzers;
        LoadFailures = loadFailures;
        _extractedDirectory = extractedDirectory;
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>Analyzers that could not be loaded or created, as the compiler would report them (CS8032-like).</summary>
    public ImmutableArray<string> LoadFailures { get; }

    public static PackagedAnalyzers Load(string source)
    {
        string? extracted = null;
        string[] dlls;
        if (Directory.Exists(source))
        {
            dlls = Directory.GetFiles(source, "*.dll");
        }
        else if (source.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        {
            extracted = Path.Combine(Path.GetTempPath(), "realcodescan-" + Guid.NewGuid().ToString("N")[..12]);
            dlls = ExtractCSharpAnalyzers(source, extracted);
        }
        else
        {
            dlls = [source];
        }

        Array.Sort(dlls, StringComparer.Ordinal);
        if (dlls.Length == 0)
        {
            throw new UsageException($"--analyzers: no analyzer DLL in '{source}' (a package needs {CSharpAnalyzerFolder}*.dll).");
        }

        var loader = new IsolatedAnalyzerLoader();
        foreach (var dll in dlls)
        {
            loader.AddDependencyLocation(Path.GetFullPath(dll));
        }

        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        var failures = ImmutableArray.CreateBuilder<string>();
        foreach (var dll in dlls)
        {
            var reference = new AnalyzerFileReference(Path.GetFullPath(dll), loader);
            reference.AnalyzerLoadFailed += (_, e) =>
                failures.Add($"{Path.GetFileName(dll)}: {e.ErrorCode} {e.TypeName} {e.Message}".Replace("  ", " ", StringComparison.Ordinal));
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        return new PackagedAnalyzers(analyzers.ToImmutable(), failures.ToImmutable(), extracted);
    }

    public void Dispose()
    {
        if (_extractedDirectory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_extractedDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A loaded DLL may still be mapped on some systems; it is a temporary copy.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string[] ExtractCSharpAnalyzers(string package, string directory)
    {
        Directory.CreateDirectory(directory);
        using var archive = ZipFile.OpenRead(package);
        var dlls = new List<string>();
        foreach (var entry in archive.Entries)
        {
            // Only the folder's own DLLs (no sub-folders: those are satellite resources).
            var name = entry.FullName.Replace('\\', '/');
            if (name.StartsWith(CSharpAnalyzerFolder, StringComparison.OrdinalIgnoreCase)
                && name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                && name.IndexOf('/', CSharpAnalyzerFolder.Length) < 0)
            {
                var target = Path.Combine(directory, entry.Name);
                entry.ExtractToFile(target);
                dlls.Add(target);
            }
        }

        return [.. dlls];
    }
}
