using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Harness;
using SpeedKings.Bench.Hosting;

namespace SpeedKings.Bench.Commands;

/// <summary>
/// <c>./run.sh harness</c>: BenchmarkDotNet benchmarks of the suite's own client (stream parsing against the OpenAI
/// SDK, recording). Kept out of the provider run: they send no paid request and use BenchmarkDotNet's default job.
/// </summary>
public static class HarnessCommand
{
    private static readonly Type[] BenchmarkTypes = [typeof(StreamParsingBenchmarks), typeof(RecordingBenchmarks)];

    public static int Run(string[] args, SuitePaths paths)
    {
        if (!args.Contains("--filter") && !args.Contains("-f"))
            args = [.. args, "--filter", "*"];
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddExporter(JsonExporter.Full)
            .WithArtifactsPath(paths.Artifacts);
        var summaries = BenchmarkSwitcher.FromTypes(BenchmarkTypes).Run(args, config).ToArray();
        return summaries.Length > 0 && summaries.All(s => s.Reports.All(r => r.Success)) ? 0 : 1;
    }
}
