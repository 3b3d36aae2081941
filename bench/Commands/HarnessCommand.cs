using System.CommandLine;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.CommandLine;
using SpeedKings.Bench.Harness;
using SpeedKings.Bench.Hosting;

namespace SpeedKings.Bench.Commands;

/// <summary>
/// <c>./run.sh harness</c>: BenchmarkDotNet benchmarks of the suite's own client (stream parsing against the OpenAI
/// SDK, recording). Kept out of the provider run: they send no paid request and use BenchmarkDotNet's default job.
/// </summary>
internal static class HarnessCommand
{
    private static readonly Type[] BenchmarkTypes = [typeof(StreamParsingBenchmarks), typeof(RecordingBenchmarks), typeof(SocketSendBenchmarks)];

    public static Command Create()
    {
        Option<string?> artifacts = ArtifactsOption.Create();
        var command = new Command("harness", "BenchmarkDotNet benchmarks of the client itself (stream parsing against the OpenAI SDK, recording); BenchmarkDotNet options pass through");
        command.Options.Add(artifacts);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result => Run(result.UnmatchedTokens, ArtifactsOption.Resolve(result.GetValue(artifacts), SuitePaths.Locate())));
        return command;
    }

    private static int Run(IReadOnlyList<string> args, string artifacts)
    {
        // No interactive menu: a bare harness run benchmarks everything.
        string[] arguments = args.Contains("--filter") || args.Contains("-f") ? [.. args] : [.. args, "--filter", "*"];
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddExporter(JsonExporter.Full)
            .WithArtifactsPath(artifacts);
        var summaries = BenchmarkSwitcher.FromTypes(BenchmarkTypes).Run(arguments, config).ToArray();
        return summaries.Length > 0 && summaries.All(s => s.Reports.All(r => r.Success)) ? 0 : 1;
    }
}
