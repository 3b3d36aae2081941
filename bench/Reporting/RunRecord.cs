using SpeedKings.Bench.Calibration;
using SpeedKings.Bench.Diagnosers;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// Everything needed to reproduce and judge one run, saved beside BenchmarkDotNet's reports
/// (<c>results/speedkings-run-&lt;utc&gt;.json</c>): when and where it ran, what was asked, the data versions, the
/// harness self-check, every case's figures and every measured request.
/// </summary>
internal sealed record RunRecord
{
    public const int CurrentSchema = 1;

    /// <summary>Measured requests a case keeps in the record; past it, its histograms stand for them (a long rate run).</summary>
    public const int MostKeptRequests = 20_000;

    public int Schema { get; init; } = CurrentSchema;
    public required string RunId { get; init; }
    public required DateTimeOffset StartedUtc { get; init; }
    public required DateTimeOffset FinishedUtc { get; init; }

    /// <summary>off-peak, EU peak or US peak, from the UTC hour the run started (see <see cref="TimeOfDay"/>).</summary>
    public required string TimeOfDay { get; init; }

    public required SuiteInfo Suite { get; init; }
    public required EnvironmentInfo Environment { get; init; }
    public required RunConfig Config { get; init; }
    public required DataVersions Data { get; init; }
    public LevelResult? HarnessSelfCheck { get; init; }

    /// <summary>The slice of a sharded run this record holds (<c>2/3</c>); null for a whole run or a merge.</summary>
    public string? Shard { get; init; }

    /// <summary>A merged run's inputs (<c>merge</c>): each shard, region or repeated run it combines; empty otherwise.</summary>
    public IReadOnlyList<RunSource> Sources { get; init; } = [];

    /// <summary>Per remote provider param: the median TCP connect time to its host before the run, in ms.</summary>
    public IReadOnlyDictionary<string, double>? NetworkRttMs { get; init; }
    public required decimal SpentUsd { get; init; }
    public required IReadOnlyList<string> RateLimitedProviders { get; init; }
    public required IReadOnlyList<CaseRecord> Cases { get; init; }

    /// <summary>With <c>--sweep</c>: each provider's, model's and prompt's knee; empty otherwise.</summary>
    public IReadOnlyList<SweepKnee> Sweeps { get; init; } = [];
}

/// <summary>Where a sweep's curve bent: the case at its knee (null when none), its served rate and the TTFT users waited there.</summary>
internal sealed record SweepKnee(string Provider, string Model, string Prompt, double UnloadedTtftMs, string? Case, double? RequestsPerSecond, double? OutputTokensPerSecond, double? TtftFromIntendedMs);

internal sealed record SuiteInfo(string Version, string Commit);

/// <summary>One run a merge combined: which it was, where and when it ran, and what it spent.</summary>
internal sealed record RunSource(string RunId, string? Shard, string? Region, string? Host, DateTimeOffset StartedUtc, decimal SpentUsd, decimal BudgetUsd);

/// <param name="Region">Where the client ran, from SPEEDKINGS_REGION; null when not given.</param>
/// <param name="Host">The machine (in Kubernetes, the pod) that ran it.</param>
internal sealed record EnvironmentInfo(string Runtime, string Os, string Cpu, int Cores, string? Region, string? Host = null);

internal sealed record RunConfig(
    decimal BudgetUsd, int Warmup, int Measured, IReadOnlyList<int> Concurrency, double TimeoutSeconds, IReadOnlyList<string> Filters, IReadOnlyList<string> Arguments,
    string? ServiceLevels = null,
    Load.OpenLoop? OpenLoop = null,
    int? Sweep = null);

internal sealed record DataVersions(string Providers, string Prompts, string Pricing);

/// <summary>One case: what ran, its figures, its failures and retries, and its measured requests.</summary>
/// <param name="Tier">The provider account tier if given (<c>&lt;ID&gt;_TIER</c>: free or paid).</param>
/// <param name="Concurrency">Streams sent at once, or at a rate the most requests in flight.</param>
/// <param name="Rate">Arrivals per second as the case's param shows them (<c>8/s</c>); null when its streams all left at once.</param>
/// <param name="Region">In a merge of runs from several regions, where this row's requests came from; null otherwise.</param>
/// <param name="Histograms">TTFT, E2E and output speed as HdrHistograms: what a merge pools when requests were left out.</param>
/// <param name="FromHistograms">A merge's case whose percentiles came from pooled histograms (within 0.1 %), not from requests.</param>
internal sealed record CaseRecord(
    string Name,
    string Provider,
    string Model,
    string Prompt,
    int Concurrency,
    string? Tier,
    CaseFigures Figures,
    IReadOnlyDictionary<FailureKind, int> Failures,
    string? FirstFailure,
    int Retries,
    int WarmupRequests,
    IReadOnlyList<RequestRecord> Requests,
    string? Rate = null,
    string? Region = null,
    CaseHistograms? Histograms = null,
    bool FromHistograms = false)
{
    /// <summary>Whether every measured request is in <see cref="Requests"/> (a case past <see cref="RunRecord.MostKeptRequests"/> keeps its histograms only).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool KeepsRequests => Requests.Count == Figures.Measured;

    /// <summary>How the case loaded its endpoint: <c>16</c> streams at once, or <c>8/s ≤256</c> arrivals with at most 256 in flight.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Load => Rate is null ? Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Rate} ≤{Concurrency}";
}

/// <summary>A case's figures, times in milliseconds, speed in tokens per second, money in USD.</summary>
internal sealed record CaseFigures(
    int Measured,
    int Succeeded,
    int EstimatedTokens,
    int ThrottleSuspects,
    double TtftP50,
    double TtftP90,
    double TtftP99,
    double TtfatP50,
    double OutputTokensPerSecondP50,
    double OutputTokensPerSecondP90,
    double EndToEndP50,
    double OutputTokensMean,
    double InputTokensMean,
    decimal? CostPerRequestUsd,
    decimal TotalCostUsd,
    decimal? BlendedUsdPerMillion,
    double? ModelLoadMs,
    double ItlP50 = double.NaN,
    double ItlP90 = double.NaN,
    double ItlP99 = double.NaN,
    double TpotP50 = double.NaN,
    int Truncated = 0,
    IReadOnlyList<string>? HttpVersions = null,
    double ScheduleLagP50 = double.NaN,
    double ScheduleLagP99 = double.NaN,
    double TtftFromIntendedP50 = double.NaN,
    bool ClientBound = false,
    double? RequestsPerSecond = null,
    double? OutputTokensPerSecondTotal = null,
    double? GoodFraction = null,
    double? Goodput = null,
    EngineFigures? Engine = null,
    ArrivalStatistics? Arrivals = null,
    double CachedInputShare = 0,
    IReadOnlyList<TurnFigures>? Turns = null,
    double? InputLengthAchieved = null,
    double? OutputLengthAchieved = null,
    double? MeasuredSeconds = null,
    TaskFigures? Task = null,
    int NewConnections = 0,
    double? ConnectionSetupP50 = null,
    double ItlPerTokenP50 = double.NaN,
    double? TokensPerEvent = null);

/// <summary>
/// A task's own figures beside the latency ones (null for chat): embeddings per second and their dimensions, the
/// tool call's first delta and complete arguments, and how many outputs were checked and found invalid.
/// </summary>
internal sealed record TaskFigures(
    string Task,
    int Checked,
    int Invalid,
    string? FirstProblem = null,
    double? InputsPerSecondP50 = null,
    double? InputTokensPerSecondP50 = null,
    int? EmbeddingDimensions = null,
    double? FirstToolCallP50 = null,
    double? ToolArgumentsDoneP50 = null,
    double? ToolArgumentsStreamedShare = null)
{
    /// <summary>A case's task figures from its summary; null for a chat case.</summary>
    public static TaskFigures? Of(string? task, CaseSummary summary) => task is null ? null : new TaskFigures(
        task,
        summary.OutputsChecked,
        summary.OutputsInvalid,
        summary.FirstOutputProblem,
        summary.InputsPerSecond.Count > 0 ? summary.InputsPerSecond.P50 : null,
        summary.InputTokensPerSecond.Count > 0 ? summary.InputTokensPerSecond.P50 : null,
        summary.EmbeddingDimensions,
        summary.FirstToolCallMs.Count > 0 ? summary.FirstToolCallMs.P50 : null,
        summary.ToolArgumentsDoneMs.Count > 0 ? summary.ToolArgumentsDoneMs.P50 : null,
        summary.ToolArgumentsStreamedShare);
}
