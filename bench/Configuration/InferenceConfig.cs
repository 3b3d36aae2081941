using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using SpeedKings.Bench.Diagnostics;

namespace SpeedKings.Bench.Configuration;

/// <summary>
/// The configuration of a provider run: the paid-call job, the request-metrics diagnoser, the model column, and
/// BenchmarkDotNet's Markdown, HTML and CSV reports plus the full JSON (the only one that carries metrics per
/// iteration for later comparison).
/// </summary>
public static class InferenceConfig
{
    public static ManualConfig Create(string artifactsPath, RequestMetricsDiagnoser diagnoser, Func<string, string> describeProvider)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(PaidCallJob.Create())
            .AddDiagnoser(diagnoser)
            .AddColumn(new EndpointColumn(describeProvider))
            .AddExporter(JsonExporter.Full)
            .WithArtifactsPath(artifactsPath)
            .WithOption(ConfigOptions.DisableLogFile, false);
        config.SummaryStyle = config.SummaryStyle.WithMaxParameterColumnWidth(40);
        return config;
    }
}
