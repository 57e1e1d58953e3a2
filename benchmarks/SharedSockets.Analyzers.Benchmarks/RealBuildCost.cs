using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// The overhead as a user sees it (<c>--dotnet-build</c>): the generated projects written to disk as
/// ordinary SDK class libraries and built with <c>dotnet build</c>, with and without the SharedSockets
/// analyzer, alternately, as medians. The SDK's own analyzers run in both (as in every build of a
/// .NET 5+ project), so the difference is what adding SharedSockets costs. CPU time is that of the
/// whole build (MSBuild and csc, no build server, no node reuse: every process is a child of this one
/// and is counted when it exits).
/// </summary>
internal static partial class RealBuildCost
{
    public static void Run(IReadOnlyList<GeneratedProject> generated, string label, int iterations)
    {
        var root = Path.Combine(Path.GetTempPath(), $"sharedsockets-build-bench-{label}-{Environment.ProcessId}");
        var analyzer = Path.Combine(AppContext.BaseDirectory, "SharedSockets.Analyzers.dll");
        try
        {
            var projects = Write(root, generated);
            foreach (var project in projects)
            {
                Build(project, "restore", analyzerPath: null);
            }

            var samples = new Dictionary<bool, List<(double Wall, double Cpu)>> { [false] = new(), [true] = new() };
            var warnings = new Dictionary<bool, int>();
            for (var iteration = 0; iteration < iterations + 1; iteration++)
            {
                foreach (var withOurs in new[] { false, true })
                {
                    var wall = 0.0;
                    var cpu = 0.0;
                    warnings[withOurs] = 0;
                    foreach (var project in projects)
                    {
                        var (projectWall, projectCpu, socketWarnings) = Build(project, "build", withOurs ? analyzer : null);
                        wall += projectWall;
                        cpu += projectCpu;
                        warnings[withOurs] += socketWarnings;
                    }

                    if (iteration > 0)
                    {
                        samples[withOurs].Add((wall, cpu));
                    }

                    Console.Error.WriteLine($"  iteration {iteration}{(iteration == 0 ? " (warm-up)" : string.Empty)}: {(withOurs ? "with SharedSockets" : "without")} wall {wall:0.00} s, cpu {cpu:0.00} s");
                }
            }

            double Median(IEnumerable<double> values) => values.Order().ElementAt(iterations / 2);
            var withoutWall = Median(samples[false].Select(sample => sample.Wall));
            var withWall = Median(samples[true].Select(sample => sample.Wall));
            var withoutCpu = Median(samples[false].Select(sample => sample.Cpu));
            var withCpu = Median(samples[true].Select(sample => sample.Cpu));
            var pairedCpu = samples[true].Zip(samples[false], (with, without) => (with.Cpu - without.Cpu) / without.Cpu).Order().ElementAt(iterations / 2);
            Console.WriteLine();
            Console.WriteLine($"`dotnet build` of {projects.Count} projects, median of {iterations} alternating builds after 1 warm-up:");
            Console.WriteLine();
            Console.WriteLine("| Build | Wall-clock | CPU time (all build processes) |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine($"| without SharedSockets (SDK analyzers only) | {withoutWall:0.00} s | {withoutCpu:0.00} s |");
            Console.WriteLine($"| with SharedSockets | {withWall:0.00} s | {withCpu:0.00} s |");
            Console.WriteLine($"| SOCK warnings in the build output | {warnings[false]} | {warnings[true]} |");
            Console.WriteLine($"| overhead | **{100 * (withWall - withoutWall) / withoutWall:+0.0;-0.0} %** | **{100 * (withCpu - withoutCpu) / withoutCpu:+0.0;-0.0} %** (median of the paired differences: {100 * pairedCpu:+0.0;-0.0} %) |");
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static List<string> Write(string root, IReadOnlyList<GeneratedProject> generated)
    {
        Directory.CreateDirectory(root);

        // Keeps the benchmark's projects out of any Directory.Build.props of a folder above.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        var projects = new List<string>();
        foreach (var project in generated)
        {
            var directory = Path.Combine(root, project.Name);
            foreach (var (path, text) in project.Files)
            {
                var file = Path.Combine(directory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }

            var projectFile = Path.Combine(directory, project.Name + ".csproj");
            File.WriteAllText(projectFile, """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                    <NoWarn>$(NoWarn);CS1591;CS8618;CS0169;CS0414;CS0649;SYSLIB1054;CA1416</NoWarn>
                    <GenerateDocumentationFile>false</GenerateDocumentationFile>
                  </PropertyGroup>
                  <ItemGroup Condition="'$(SharedSocketsAnalyzer)' != ''">
                    <Analyzer Include="$(SharedSocketsAnalyzer)" />
                  </ItemGroup>
                </Project>
                """);
            projects.Add(projectFile);
        }

        return projects;
    }

    private static (double Wall, double Cpu, int SocketWarnings) Build(string project, string verb, string? analyzerPath)
    {
        var arguments = new List<string> { verb, project, "-nologo", "-v:q", "-nodeReuse:false", "-p:UseSharedCompilation=false" };
        if (verb == "build")
        {
            arguments.AddRange(new[] { "-c", "Release" });

            // Rebuild every time: the compile is what is measured, not the up-to-date check.
            arguments.AddRange(new[] { "--no-restore", "--no-incremental", "--no-dependencies" });
        }

        if (analyzerPath is not null)
        {
            arguments.Add($"-p:SharedSocketsAnalyzer={analyzerPath}");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        var cpuBefore = ChildrenCpuSeconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {verb} {project} failed ({process.ExitCode}):{Environment.NewLine}{output.Result}{errors.Result}");
        }

        // Proof that the analyzer ran: its warnings in the build output (each is printed once).
        var socketWarnings = output.Result.Split('\n').Count(line => line.Contains("warning SOCK", StringComparison.Ordinal));
        return (wall, ChildrenCpuSeconds() - cpuBefore, socketWarnings);
    }

    /// <summary>User + system CPU time of every terminated, waited-for child process and its descendants (getrusage RUSAGE_CHILDREN).</summary>
    private static double ChildrenCpuSeconds()
    {
        if (!OperatingSystem.IsLinux() || getrusage(-1, out var usage) != 0)
        {
            return double.NaN;
        }

        return usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6);
    }

    [LibraryImport("libc")]
    private static partial int getrusage(int who, out RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;

        // The rest of struct rusage (14 longs) is not read but must be there to be written into.
        private long _maxrss, _ixrss, _idrss, _isrss, _minflt, _majflt, _nswap, _inblock, _oublock, _msgsnd, _msgrcv, _nsignals, _nvcsw, _nivcsw;
    }
}
