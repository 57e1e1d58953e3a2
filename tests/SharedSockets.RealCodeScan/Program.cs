namespace SharedSockets.RealCodeScan;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>The whole command, with its output streams passed in (the test runs it in-process).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ScanOptions options;
        try
        {
            options = ScanOptions.Parse(args);
        }
        catch (UsageException usage)
        {
            if (!usage.IsHelpRequest)
            {
                await error.WriteLineAsync(usage.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync(ScanOptions.Usage).ConfigureAwait(false);
            return usage.IsHelpRequest ? 0 : 2;
        }

        try
        {
            using var packaged = PackagedAnalyzers.Load(options.AnalyzerSource);
            var report = new ReportWriter(output, options.ShowCompileErrors);
            report.WriteLoadFailures(packaged.LoadFailures);
            if (packaged.Analyzers.IsEmpty)
            {
                await error.WriteLineAsync($"No C# analyzer found in '{options.AnalyzerSource}'.").ConfigureAwait(false);
                return 1;
            }

            var scanner = new Scanner(packaged.Analyzers, Scanner.ReferencePackPlus(options.ExtraReferences), options.PreprocessorSymbols);
            foreach (var project in options.Inputs.SelectMany(input => Scanner.ProjectsOf(input, options.PerFile)))
            {
                report.Write(await scanner.ScanAsync(project).ConfigureAwait(false));
            }

            report.WriteSummary();
            return report.FailureCount == 0 ? 0 : 1;
        }
        catch (UsageException usage)
        {
            await error.WriteLineAsync(usage.Message).ConfigureAwait(false);
            return 2;
        }
    }
}
