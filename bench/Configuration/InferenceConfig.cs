using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using SpeedKings.Bench.Diagnostics;

namespace SpeedKings.Bench.Configuration;

/// <summary>
/// The configuration of a provider run: the paid-call jobs, the request-metrics diagnoser, the model column, and
/// BenchmarkDotNet's Markdown, HTML and CSV reports plus the full JSON (the only one that carries metrics per
/// iteration for later comparison).
/// </summary>
public static class InferenceConfig
{
    /// <param name="coldTargets">Provider params whose requests are costly enough to skip warmup.</param>
    /// <param name="concurrentTargets">Provider params that take more than one stream at once (endpoints the user owns).</param>
    public static ManualConfig Create(
        string artifactsPath,
        RequestMetricsDiagnoser diagnoser,
        Func<string, string> describeProvider,
        int warmup = PaidCallJob.DefaultWarmupCount,
        int measured = PaidCallJob.DefaultIterationCount,
        IReadOnlySet<string>? coldTargets = null,
        IReadOnlySet<string>? concurrentTargets = null)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(diagnoser)
            .AddColumn(new EndpointColumn(describeProvider))
            .AddColumn(new SelfCheckColumn())
            .AddExporter(JsonExporter.Full)
            .WithArtifactsPath(artifactsPath);

        // One job per warmup policy, and a filter that keeps, for each case, the job its provider's cost wants.
        config.AddJob(PaidCallJob.Create(warmup, measured));
        if (coldTargets is { Count: > 0 } cold)
        {
            config.AddJob(PaidCallJob.CreateCold(measured));
            config.AddFilter(new SimpleFilter(b =>
                cold.Contains(b.Parameters["Provider"] as string ?? "") == (b.Job.Id == PaidCallJob.ColdId)));
        }

        config.AddFilter(new SimpleFilter(b =>
            b.Parameters["Concurrency"] is not int streams || streams == 1
            || concurrentTargets?.Contains(b.Parameters["Provider"] as string ?? "") == true));

        config.SummaryStyle = config.SummaryStyle.WithMaxParameterColumnWidth(40);
        return config;
    }
}
