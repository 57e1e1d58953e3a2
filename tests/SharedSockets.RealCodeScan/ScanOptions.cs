namespace SharedSockets.RealCodeScan;

/// <summary>What to scan and with which analyzers, parsed from the command line.</summary>
public sealed record ScanOptions(
    string AnalyzerSource,
    IReadOnlyList<string> Inputs,
    bool PerFile,
    IReadOnlyList<string> PreprocessorSymbols,
    IReadOnlyList<string> ExtraReferences,
    bool ShowCompileErrors)
{
    public const string Usage = """
        Usage: SharedSockets.RealCodeScan --analyzers <package.nupkg | folder | analyzer.dll> [options] <folder or .cs file>...

          --analyzers <path>   the SharedSockets.Analyzers package (its analyzers/dotnet/cs DLLs are loaded),
                               a folder of analyzer DLLs, or one analyzer DLL
          --per-file           analyse every file as a project of its own (default: each input folder is one project)
          --define <SYMBOL>    a preprocessor symbol for the scanned code (repeatable)
          --reference <path>   an extra metadata reference, a DLL or a folder of DLLs (repeatable)
          --compile-errors     also print the compiler errors (they are counted either way)

        Exit code: 0 when every analyzer ran without an exception, 1 when one threw or failed to load, 2 on bad input.
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="UsageException"/> with a clear message on bad input.</summary>
    public static ScanOptions Parse(IReadOnlyList<string> args)
    {
        string? analyzers = null;
        var inputs = new List<string>();
        var symbols = new List<string>();
        var references = new List<string>();
        var perFile = false;
        var showErrors = false;

        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--analyzers":
                    analyzers = ValueOf(args, ref i);
                    break;
                case "--per-file":
                    perFile = true;
                    break;
                case "--define":
                    symbols.Add(ValueOf(args, ref i));
                    break;
                case "--reference":
                    references.Add(ValueOf(args, ref i));
                    break;
                case "--compile-errors":
                    showErrors = true;
                    break;
                case "-h" or "--help":
                    throw new UsageException(null);
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new UsageException($"Unknown option '{option}'.");
                default:
                    inputs.Add(args[i]);
                    break;
            }
        }

        if (analyzers is null)
        {
            throw new UsageException("Missing --analyzers <path>: the packaged analyzers to run.");
        }

        if (!File.Exists(analyzers) && !Directory.Exists(analyzers))
        {
            throw new UsageException($"--analyzers: '{analyzers}' does not exist.");
        }

        if (inputs.Count == 0)
        {
            throw new UsageException("Missing the folder (or .cs file) to scan.");
        }

        foreach (var input in inputs)
        {
            if (!Directory.Exists(input) && !(File.Exists(input) && input.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)))
            {
                throw new UsageException($"'{input}' is neither a folder nor a .cs file.");
            }
        }

        foreach (var reference in references)
        {
            if (!File.Exists(reference) && !Directory.Exists(reference))
            {
                throw new UsageException($"--reference: '{reference}' does not exist.");
            }
        }

        return new ScanOptions(analyzers, inputs, perFile, symbols, references, showErrors);
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"{args[i]} needs a value.");
        }

        return args[++i];
    }
}

/// <summary>Bad command-line input; <see cref="Exception.Message"/> says what is wrong (null message: help was asked for).</summary>
public sealed class UsageException(string? problem) : Exception(problem ?? string.Empty)
{
    public bool IsHelpRequest => Message.Length == 0;
}
