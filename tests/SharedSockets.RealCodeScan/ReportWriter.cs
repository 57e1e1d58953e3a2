using Microsoft.CodeAnalysis;

namespace SharedSockets.RealCodeScan;

/// <summary>Prints scan results as plain lines: one per diagnostic (path:line:col: ID: message), then its additional locations.</summary>
public sealed class ReportWriter(TextWriter output, bool showCompileErrors)
{
    private readonly Dictionary<string, int> _countsById = new(StringComparer.Ordinal);
    private int _projects;
    private int _files;
    private int _failures;

    public void Write(ProjectScan scan)
    {
        _projects++;
        _files += scan.Project.Files.Count;
        _failures += scan.Failures.Length;
        output.WriteLine($"== {scan.Project.Name}: {scan.Project.Files.Count} file(s), {scan.CompileErrors.Length} compile error(s)");

        if (showCompileErrors)
        {
            foreach (var error in scan.CompileErrors)
            {
                output.WriteLine($"  error {Where(scan.Project, error.Location)}: {error.Id}: {error.GetMessage()}");
            }
        }

        foreach (var diagnostic in scan.Diagnostics)
        {
            _countsById[diagnostic.Id] = _countsById.GetValueOrDefault(diagnostic.Id) + 1;
            output.WriteLine($"{Where(scan.Project, diagnostic.Location)}: {diagnostic.Id}: {diagnostic.GetMessage()}");
            foreach (var additional in diagnostic.AdditionalLocations)
            {
                output.WriteLine($"    also: {Where(scan.Project, additional)}");
            }
        }

        foreach (var failure in scan.Failures)
        {
            output.WriteLine($"ANALYZER EXCEPTION in {failure.Analyzer}:");
            output.WriteLine(failure.Exception.ToString());
        }
    }

    public void WriteLoadFailures(IEnumerable<string> loadFailures)
    {
        foreach (var failure in loadFailures)
        {
            _failures++;
            output.WriteLine($"ANALYZER LOAD FAILURE: {failure}");
        }
    }

    /// <summary>The last line: totals, with the analyzer exception count the caller's exit code rests on.</summary>
    public void WriteSummary()
    {
        var byId = _countsById.Count == 0
            ? string.Empty
            : " (" + string.Join(", ", _countsById.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} x{pair.Value}")) + ")";
        output.WriteLine($"Total: {_projects} project(s), {_files} file(s), {_countsById.Values.Sum()} diagnostic(s){byId}, {_failures} analyzer exception(s)");
    }

    public int FailureCount => _failures;

    private static string Where(ScanProject project, Location location)
    {
        if (!location.IsInSource)
        {
            return "(no source location)";
        }

        var span = location.GetLineSpan();
        var path = Path.GetRelativePath(project.Root, span.Path).Replace(Path.DirectorySeparatorChar, '/');
        return $"{path}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}";
    }
}
