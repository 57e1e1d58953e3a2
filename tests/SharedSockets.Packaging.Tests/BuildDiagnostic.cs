using System.Text.RegularExpressions;

namespace SharedSockets.Packaging.Tests;

/// <summary>One diagnostic as MSBuild's console logger prints it: <c>file(line,col): warning ID: message [project]</c>.</summary>
public sealed partial record BuildDiagnostic(string Origin, int? Line, int? Column, string Severity, string Id, string Message)
{
    [GeneratedRegex(@"^\s*(?<origin>.*?)(\((?<line>\d+),(?<col>\d+)(,\d+,\d+)?\))?\s*:\s*(?<sev>warning|error)\s+(?<id>[A-Za-z]+\d+)\s*:\s*(?<msg>.*?)(\s+\[(?<proj>[^\]]+)\])?\s*$")]
    private static partial Regex LinePattern();

    /// <summary>The distinct diagnostics of a build log (the summary at the end repeats them).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string output) =>
        output.Split('\n')
            .Select(line => LinePattern().Match(line.TrimEnd('\r')))
            .Where(match => match.Success)
            .Select(match => new BuildDiagnostic(
                match.Groups["origin"].Value.Trim(),
                match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value) : null,
                match.Groups["col"].Success ? int.Parse(match.Groups["col"].Value) : null,
                match.Groups["sev"].Value,
                match.Groups["id"].Value,
                match.Groups["msg"].Value))
            .Distinct()
            .ToList();

    public override string ToString() => $"{Origin}({Line},{Column}): {Severity} {Id}: {Message}";
}

/// <summary>A place in a sample where a diagnostic is expected, found by its marker comment.</summary>
public sealed record ExpectedLocation(string FullPath, int Line)
{
    /// <summary>Every line of the <c>*.cs</c> files under <paramref name="directory"/> that carries <paramref name="marker"/>.</summary>
    public static IReadOnlyList<ExpectedLocation> Find(string directory, string marker) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(directory, path))
            .SelectMany(path => File.ReadAllLines(path)
                .Select((text, index) => (text, line: index + 1))
                .Where(x => x.text.Contains(marker, StringComparison.Ordinal))
                .Select(x => new ExpectedLocation(Path.GetFullPath(path), x.line)))
            .OrderBy(x => x.FullPath, StringComparer.Ordinal).ThenBy(x => x.Line)
            .ToList();

    public static bool IsBuildOutput(string root, string path)
    {
        var first = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    public override string ToString() => $"{FullPath}({Line})";
}
