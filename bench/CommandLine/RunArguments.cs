using SpeedKings.Bench.Load;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.CommandLine;

/// <summary>What a run (or an estimate) was asked to do, parsed once; everything the suite does not own is BenchmarkDotNet's.</summary>
/// <param name="Measured">Measured requests per case before the budget plan, which may scale it down.</param>
/// <param name="Concurrency">The closed-loop levels; empty when only <c>--rate</c> was given.</param>
/// <param name="OpenLoop">Request-rate load (<c>--rate</c> and its options); null without it.</param>
/// <param name="Sweep">Rates a <c>--sweep</c> measures after its first phase; null without one.</param>
/// <param name="Artifacts">Absolute: made so against the folder the user ran from (run.sh changes directory).</param>
/// <param name="Prompts">Your own prompts (<c>--prompts</c>, absolute), in place of data/prompts.json; null for those.</param>
/// <param name="Shapes">Traffic shapes (<c>--shape</c>), in place of the standard prompts; null for none.</param>
/// <param name="Shard">The slice of the cases this process runs (<c>--shard</c>, or a Kubernetes Job's index); null for all.</param>
/// <param name="Telemetry">Where the run's metrics go (<c>--otlp</c>, <c>--prometheus-port</c>); null when nowhere.</param>
/// <param name="BenchmarkDotNet">The arguments the suite does not own, in order, for BenchmarkDotNet's own parser.</param>
/// <param name="CommandLine">The command line as given, for the run record.</param>
internal sealed record RunArguments(
    decimal BudgetUsd,
    int Warmup,
    int Measured,
    IReadOnlyList<int> Concurrency,
    OpenLoop? OpenLoop,
    int? Sweep,
    bool AllowPaidLoad,
    TimeSpan RequestTimeout,
    ServiceLevels? Slo,
    bool DryRun,
    bool Resume,
    string Artifacts,
    string? Prompts,
    IReadOnlyList<Providers.Prompts.TrafficShape>? Shapes,
    Sharding.Shard? Shard,
    Telemetry.TelemetryOptions? Telemetry,
    IReadOnlyList<string> BenchmarkDotNet,
    IReadOnlyList<string> CommandLine);
