using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Metrics.Statistics;

/// <summary>
/// What one benchmark case measured. Latency and speed come from the measured requests that succeeded; spend counts
/// every request sent, warmup included, because it was paid for.
/// </summary>
internal sealed record CaseSummary
{
    public required int Measured { get; init; }
    public required int Succeeded { get; init; }
    public required IReadOnlyDictionary<FailureKind, int> Failures { get; init; }
    public required Distribution TimeToFirstTokenMs { get; init; }
    public required Distribution TimeToFirstAnswerTokenMs { get; init; }
    public required Distribution EndToEndMs { get; init; }
    public required Distribution OutputTokensPerSecond { get; init; }
    public required Distribution OutputTokens { get; init; }

    /// <summary>Inter-chunk latency: every gap between successive text events of the successful requests, pooled.</summary>
    public Distribution InterEventGapMs { get; init; } = Distribution.Empty;

    /// <summary>The same gaps, each divided by the tokens its request's later events carried on average: per token.</summary>
    public Distribution InterTokenGapMs { get; init; } = Distribution.Empty;

    /// <summary>Mean tokens a later text event carried over the successful requests; null when none had two events.</summary>
    public double? TokensPerEvent { get; init; }

    /// <summary>Time per output token after the first, per request: (E2E − TTFT) / (N_out − 1).</summary>
    public Distribution TimePerOutputTokenMs { get; init; } = Distribution.Empty;

    /// <summary>Schedule lag of every measured request that had an intended send time, failed ones included: the client's own delay.</summary>
    public Distribution ScheduleLagMs { get; init; } = Distribution.Empty;

    /// <summary>TTFT from the intended send time (schedule lag + TTFT): what a user waiting on the schedule saw.</summary>
    public Distribution TimeToFirstTokenFromIntendedMs { get; init; } = Distribution.Empty;

    /// <summary>
    /// Schedule lag (p90, or the median of a small case) above which a case measured the client as much as the server: its starts or arrivals left
    /// late enough to change what the server saw. Shown in every report, never silently.
    /// </summary>
    public const double ClientBoundLagMs = 1.0;

    /// <summary>
    /// The lag the client-bound rule judges: p90 over at least <see cref="LagSamplesForP90"/> requests, else the median —
    /// with five requests a "p99" is the single slowest, and one slow start in cold code is not a client that cannot
    /// keep its schedule.
    /// </summary>
    public double JudgedScheduleLagMs => ScheduleLagMs.Count >= LagSamplesForP90 ? ScheduleLagMs.P90 : ScheduleLagMs.P50;

    /// <summary>Requests from which the p90 of the lag is judged instead of its median.</summary>
    public const int LagSamplesForP90 = 10;

    /// <summary>Whether the client could not keep the schedule: its judged lag passes <see cref="ClientBoundLagMs"/>.</summary>
    public bool IsClientBound => ScheduleLagMs.Count > 0 && JudgedScheduleLagMs > ClientBoundLagMs;

    /// <summary>At a request rate: how well the arrivals kept the schedule; null for closed-loop streams.</summary>
    public ArrivalStatistics? Arrivals { get; init; }

    /// <summary>Seconds the measured iterations took, as BenchmarkDotNet timed them; null when not known.</summary>
    public double? MeasuredSeconds { get; init; }

    /// <summary>Successful measured requests per second of measured time.</summary>
    public double? RequestsPerSecond => MeasuredSeconds > 0 ? Succeeded / MeasuredSeconds : null;

    /// <summary>Output tokens of the successful measured requests per second of measured time, all streams together.</summary>
    public double? OutputTokensPerSecondTotal { get; init; }

    /// <summary>Measured requests that met every objective of <c>--slo</c>; null without objectives.</summary>
    public int? Good { get; init; }

    /// <summary>Good requests among those sent (failed ones count, requests the budget stopped do not); null without objectives.</summary>
    public double? GoodFraction { get; init; }

    /// <summary>Good requests per second of measured time; null without objectives or measured time.</summary>
    public double? Goodput => Good is { } good && MeasuredSeconds > 0 ? good / MeasuredSeconds : null;

    /// <summary>Of the successful measured requests' input tokens, the share the provider reported as served from its prompt cache.</summary>
    public double CachedInputShare { get; init; }

    /// <summary>A conversation's figures turn by turn; empty for single requests.</summary>
    public IReadOnlyList<TurnFigures> Turns { get; init; } = [];

    /// <summary>
    /// A traffic shape's achieved lengths against the drawn ones: the provider's input tokens over the asked o200k_base
    /// counts, and its output tokens over the asked exact lengths, of the successful measured requests; null when
    /// nothing was asked.
    /// </summary>
    public double? InputLengthAchieved { get; init; }

    /// <inheritdoc cref="InputLengthAchieved"/>
    public double? OutputLengthAchieved { get; init; }

    /// <summary>Embed: inputs embedded per second of each request's latency, per successful warm request.</summary>
    public Distribution InputsPerSecond { get; init; } = Distribution.Empty;

    /// <summary>Embed: input tokens per second of each request's latency.</summary>
    public Distribution InputTokensPerSecond { get; init; } = Distribution.Empty;

    /// <summary>Embed: the vector length every successful request returned; null when none did or they differed.</summary>
    public int? EmbeddingDimensions { get; init; }

    /// <summary>ToolCall: time to the first event carrying any part of a tool call.</summary>
    public Distribution FirstToolCallMs { get; init; } = Distribution.Empty;

    /// <summary>ToolCall: time to the last event carrying the call's arguments (complete arguments).</summary>
    public Distribution ToolArgumentsDoneMs { get; init; } = Distribution.Empty;

    /// <summary>ToolCall: of the requests whose call carried arguments, the share whose arguments came in more than one fragment.</summary>
    public double? ToolArgumentsStreamedShare { get; init; }

    /// <summary>ToolCall, Json, Embed: successful measured requests whose output was checked, and how many of those were invalid.</summary>
    public int OutputsChecked { get; init; }

    public int OutputsInvalid { get; init; }

    /// <summary>Share of the checked outputs that were valid; null when none was checked.</summary>
    public double? ValidShare => OutputsChecked > 0 ? (OutputsChecked - OutputsInvalid) / (double)OutputsChecked : null;

    /// <summary>The first invalid output's reason, so a case says why without opening the records.</summary>
    public string? FirstOutputProblem { get; init; }

    /// <summary>Successful measured requests the provider cut at max tokens.</summary>
    public int Truncated { get; init; }

    /// <summary>
    /// Connections the case opened — warming its pool before the first request, and any a request opened (warmup
    /// included) — and their DNS + TCP + TLS set-up: a request's is inside its TTFT, shown apart so a cold start reads
    /// as one.
    /// </summary>
    public int NewConnections { get; init; }

    public Distribution ConnectionSetupMs { get; init; } = Distribution.Empty;

    /// <summary>
    /// HTTP/2 only: how much later each measured request's reader got its first token than the connection read that
    /// brought it (<see cref="Records.RequestRecord.FirstTokenHandOffMs"/>), which TTFT leaves out; empty over HTTP/1.1.
    /// </summary>
    public Distribution FirstTokenHandOffMs { get; init; } = Distribution.Empty;

    /// <summary>The HTTP versions the measured requests negotiated, e.g. <c>1.1</c> or <c>2.0</c>.</summary>
    public IReadOnlyList<string> HttpVersions { get; init; } = [];

    /// <summary>Successful measured requests whose token counts were estimated rather than reported.</summary>
    public required int EstimatedCount { get; init; }

    /// <summary>TTFT minus the server's own queue, load and prompt time, where the provider reports them: the network's and the client's share.</summary>
    public Distribution ClientOverheadMs { get; init; } = Distribution.Empty;

    /// <summary>
    /// Measured requests that look throttled: TTFT more than three times the case's median (and 100 ms above it), or a
    /// server-reported queue time that is most of the TTFT. Flagged, never removed.
    /// </summary>
    public int ThrottleSuspects { get; init; }

    /// <summary>Mean cost the provider itself reported per request (OpenRouter's usage.cost); null when none did.</summary>
    public decimal? ProviderCostPerRequestUsd { get; init; }

    /// <summary>Mean cost of a successful measured request; null when no price is known.</summary>
    public required decimal? CostPerRequestUsd { get; init; }

    /// <summary>Everything the case spent: warmup, measured and failed requests alike.</summary>
    public required decimal TotalCostUsd { get; init; }

    /// <summary>The longest model load a local engine reported in this case (warmup included); null when none did.</summary>
    public required double? ModelLoadMs { get; init; }

    /// <summary>The first failure's one-sentence message, so a failing case says why without opening the records.</summary>
    public required string? FirstFailureMessage { get; init; }

    public int FailureCount => Failures.Values.Sum();

    /// <param name="measured">Requests of the measured iterations.</param>
    /// <param name="all">Every request the case sent, warmup included; spend is summed over these.</param>
    /// <param name="slo">Objectives for goodput, or null.</param>
    /// <param name="measuredSeconds">What the measured iterations took (BenchmarkDotNet's workload measurements), for throughput.</param>
    /// <param name="warmed">Connections opened warming the pool before any request.</param>
    public static CaseSummary From(
        IReadOnlyCollection<RequestRecord> measured, IEnumerable<RequestRecord> all, ServiceLevels? slo = null, double? measuredSeconds = null,
        IReadOnlyList<ConnectionSetup>? warmed = null)
    {
        var ok = measured.Where(r => r.Succeeded).ToList();
        var warm = ok.Where(r => !r.IsColdStart).ToList();
        var everything = all.ToList();
        var priced = ok.Where(r => r.CostUsd is not null).ToList();

        int sent = measured.Count(r => r.Failure != FailureKind.Budget);
        int? good = slo is null ? null : measured.Count(slo.IsMetBy);
        return new CaseSummary
        {
            MeasuredSeconds = measuredSeconds,
            OutputTokensPerSecondTotal = measuredSeconds > 0 ? ok.Sum(r => r.Usage?.OutputTokens ?? 0) / measuredSeconds : null,
            Good = good,
            GoodFraction = good is { } g && sent > 0 ? (double)g / sent : null,
            Measured = measured.Count,
            Succeeded = ok.Count,
            Failures = measured
                .Where(r => r.Failure is not null)
                .GroupBy(r => r.Failure!.Value)
                .ToDictionary(g => g.Key, g => g.Count()),
            TimeToFirstTokenMs = Distribution.Of(warm.Select(r => r.FirstTokenMs ?? double.NaN)),
            TimeToFirstAnswerTokenMs = Distribution.Of(warm.Select(r => r.FirstAnswerTokenMs ?? double.NaN)),
            EndToEndMs = Distribution.Of(warm.Select(r => r.LastTokenMs ?? double.NaN)),
            OutputTokensPerSecond = Distribution.Of(ok.Select(r => r.OutputTokensPerSecond ?? double.NaN)),
            OutputTokens = Distribution.Of(ok.Select(r => (double?)r.Usage?.OutputTokens ?? double.NaN)),
            InterEventGapMs = Distribution.Of(ok.SelectMany(r => r.InterEventGapsMs())),
            InterTokenGapMs = Distribution.Of(ok.SelectMany(r => r.InterTokenGapsMs())),
            TokensPerEvent = ok.Where(r => r.TokensPerLaterEvent is not null).ToList() is { Count: > 0 } evented ? evented.Average(r => r.TokensPerLaterEvent!.Value) : null,
            TimePerOutputTokenMs = Distribution.Of(warm.Select(r => r.TimePerOutputTokenMs ?? double.NaN)),
            ScheduleLagMs = Distribution.Of(measured.Where(r => r.ScheduleLagMs is not null).Select(r => r.ScheduleLagMs!.Value)),
            Arrivals = ArrivalStatistics.From(measured),
            TimeToFirstTokenFromIntendedMs = Distribution.Of(warm.Where(r => r.ScheduleLagMs is not null).Select(r => r.FirstTokenFromIntendedMs ?? double.NaN)),
            Truncated = ok.Count(r => r.IsTruncated),
            InputsPerSecond = Distribution.Of(warm.Where(r => r.Inputs is not null).Select(r => r.InputsPerSecond ?? double.NaN)),
            InputTokensPerSecond = Distribution.Of(warm.Where(r => r.Inputs is not null).Select(r => r.InputTokensPerSecond ?? double.NaN)),
            EmbeddingDimensions = ok.Where(r => r.Inputs is not null).Select(r => r.EmbeddingDimensions).Distinct().ToList() is [{ } dims] ? dims : null,
            FirstToolCallMs = Distribution.Of(warm.Where(r => r.FirstToolCallMs is not null).Select(r => r.FirstToolCallMs!.Value)),
            ToolArgumentsDoneMs = Distribution.Of(warm.Where(r => r.ToolArgumentsDoneMs is not null).Select(r => r.ToolArgumentsDoneMs!.Value)),
            ToolArgumentsStreamedShare = ok.Where(r => r.ToolArgumentsStreamed is not null).ToList() is { Count: > 0 } calls
                ? calls.Count(r => r.ToolArgumentsStreamed == true) / (double)calls.Count
                : null,
            OutputsChecked = ok.Count(r => r.OutputValid is not null),
            OutputsInvalid = ok.Count(r => r.OutputValid == false),
            FirstOutputProblem = ok.FirstOrDefault(r => r.OutputValid == false)?.OutputProblem,
            CachedInputShare = ok.Sum(r => (long)(r.Usage?.InputTokens ?? 0)) is > 0 and var input ? ok.Sum(r => (long)(r.Usage?.CachedInputTokens ?? 0)) / (double)input : 0,
            Turns = TurnFigures.Of(measured),
            InputLengthAchieved = Achieved(ok, r => r.AskedInputTokens, r => r.Usage?.InputTokens),
            OutputLengthAchieved = Achieved(ok, r => r.AskedOutputTokens, r => r.Usage?.OutputTokens),
            NewConnections = (warmed?.Count ?? 0) + everything.Count(r => r.NewConnection),
            ConnectionSetupMs = Distribution.Of((warmed ?? []).Select(c => c.TotalMs).Concat(everything.Where(r => r.NewConnection).Select(r => r.ConnectionSetupMs!.Value))),
            FirstTokenHandOffMs = Distribution.Of(warm.Where(r => r.FirstTokenHandOffMs is not null).Select(r => r.FirstTokenHandOffMs!.Value)),
            HttpVersions = [.. measured.Select(r => r.HttpVersion).OfType<string>().Distinct().Order(StringComparer.Ordinal)],
            EstimatedCount = ok.Count(r => r.Usage?.Source == UsageSource.Estimated),
            ThrottleSuspects = ThrottleSuspectsIn(warm),
            ClientOverheadMs = Distribution.Of(warm.Where(r => r.ClientOverheadMs is not null).Select(r => r.ClientOverheadMs!.Value)),
            ProviderCostPerRequestUsd = ok.Any(r => r.ProviderCostUsd is not null)
                ? ok.Where(r => r.ProviderCostUsd is not null).Average(r => r.ProviderCostUsd!.Value)
                : null,
            CostPerRequestUsd = priced.Count == 0 ? null : priced.Sum(r => r.CostUsd!.Value) / priced.Count,
            TotalCostUsd = everything.Sum(r => r.CostUsd ?? 0m),
            ModelLoadMs = everything.Select(r => r.ServerTimings?.LoadMs).Max(),
            FirstFailureMessage = measured.FirstOrDefault(r => r.Failure is not null)?.FailureMessage,
        };
    }

    private static double? Achieved(List<RequestRecord> requests, Func<RequestRecord, int?> asked, Func<RequestRecord, int?> got)
    {
        var both = requests.Where(r => asked(r) > 0 && got(r) is not null).ToList();
        return both.Count == 0 ? null : both.Sum(r => (long)got(r)!.Value) / (double)both.Sum(r => (long)asked(r)!.Value);
    }

    private static int ThrottleSuspectsIn(List<RequestRecord> requests)
    {
        var ttfts = requests.Where(r => r.FirstTokenMs is not null).Select(r => r.FirstTokenMs!.Value).ToList();
        if (ttfts.Count == 0)
            return 0;
        double median = Distribution.Of(ttfts).P50;
        return requests.Count(r => r.FirstTokenMs is { } ttft
            && ((ttft > 3 * median && ttft > median + 100) || r.ServerTimings?.QueueMs > 0.5 * ttft));
    }
}
