using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using SharedSockets.Shim.Benchmarks;

// dotnet run -c Release -- side-by-side [blocks] [round trips per block] [bulk runs]
//   alternating raw/shim blocks in one process: throughput and p50/p99 latency ratios.
// dotnet run -c Release -- [BenchmarkDotNet arguments, e.g. --filter *]
//   the same work under BenchmarkDotNet (Ratio column against the raw baseline).
if (args.Length > 0 && args[0] == "side-by-side")
{
    var blocks = args.Length > 1 ? int.Parse(args[1]) : 200;
    var perBlock = args.Length > 2 ? int.Parse(args[2]) : 250;
    var bulkRuns = args.Length > 3 ? int.Parse(args[3]) : 31;
    Console.WriteLine(SideBySide.Run(blocks, perBlock, bulkRuns));
    return;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15))
    .AddColumn(StatisticColumn.P95)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(EchoThroughputBenchmarks).Assembly).Run(args, config);
