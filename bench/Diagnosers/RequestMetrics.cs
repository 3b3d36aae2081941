using BenchmarkDotNet.Reports;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Diagnosers;

/// <summary>The metric columns every inference report carries, and how a case summary fills them.</summary>
internal static class RequestMetrics
{
    public static readonly RequestMetric TtftP50 = new("TTFT-p50", "TTFT p50 (ms)",
        "Time to first token, median: first event carrying generated text (answer or reasoning) minus t0", "0.00", false, 0);

    public static readonly RequestMetric TtftP90 = new("TTFT-p90", "TTFT p90 (ms)",
        $"Time to first token, 90th percentile ({Percentile.EstimatorName}); with fewer than 10 requests it is close to the maximum", "0.00", false, 1);

    public static readonly RequestMetric TtfatP50 = new("TTFAT-p50", "TTFAT p50 (ms)",
        "Time to first answer token, median: as TTFT but reasoning text does not count; shown when a model reasoned first", "0.00", false, 1, onlyWhenNonZero: true);

    public static readonly RequestMetric OutputSpeedP50 = new("OutTokPerSec-p50", "Out tok/s p50",
        "Output speed, median: (output tokens − tokens in the first event) / (last text event − first text event)", "0.0", true, 2);

    public static readonly RequestMetric EndToEndP50 = new("E2E-p50", "E2E p50 (ms)",
        "End-to-end latency, median: last event carrying generated text minus t0", "0.0", false, 3);

    public static readonly RequestMetric OutputTokens = new("OutTokens", "Out tokens",
        "Output tokens per request, mean (answer + reasoning), from the provider's usage unless 'Est. tokens %' says otherwise", "0.0", false, 4);

    public static readonly RequestMetric EstimatedTokens = new("EstTokensPct", "Est. tokens %",
        "Share of requests whose token counts were estimated with the o200k_base tokenizer because the provider reported none", "0", false, 5, onlyWhenNonZero: true);

    public static readonly RequestMetric CostPerRequest = new("CostPerRequest", "$/request",
        "Mean cost of a measured request in USD at data/pricing.json prices (loopback: notional price)", "0.000000", false, 6);

    public static readonly RequestMetric TotalCost = new("CostTotal", "Total $",
        "USD spent by the case, warmup and failed requests included", "0.000000", false, 7);

    public static readonly RequestMetric Requests = new("Requests", "Requests",
        "Measured requests that succeeded (warmup excluded)", "0", true, 8);

    public static readonly RequestMetric Failures = new("Failures", "Failed",
        "Measured requests that failed (auth, rate limit, timeout, server, request, protocol); they never enter latency figures", "0", false, 9, onlyWhenNonZero: true);

    public static readonly RequestMetric BudgetStops = new("BudgetStops", "Stopped by budget",
        "Measured requests not sent because the run's budget could not cover their worst case: the case was stopped by the budget", "0", false, 11, onlyWhenNonZero: true);

    public static readonly RequestMetric HarnessError = new("HarnessTtftError-p50", "Harness err (ms)",
        "Loopback reference only: measured TTFT minus the moment the server wrote the first token, median — the harness's own error (network stack + client)", "0.000", false, 10);

    public static readonly RequestMetric ProviderCost = new("ProviderCostPerRequest", "Reported $/request",
        "Mean cost per request as the provider itself reported it (OpenRouter's usage.cost), beside the price-table figure", "0.000000", false, 13, onlyWhenNonZero: true);

    public static readonly RequestMetric ClientOverhead = new("ClientOverhead-p50", "Client+net (ms)",
        "Where the provider reports its queue and prompt time: TTFT minus that server time, median — the network's and the client's share", "0.00", false, 14, onlyWhenNonZero: true);

    public static readonly RequestMetric ThrottleSuspects = new("ThrottleSuspects", "Throttling suspected",
        "Requests whose TTFT was over 3× the case median (and 100 ms above it), or whose server-reported queue time was most of their TTFT: read the latency figures with care", "0", false, 15, onlyWhenNonZero: true);

    public static readonly RequestMetric ModelLoad = new("ModelLoadMs", "Model load (ms)",
        "Local engines only: the longest model load the engine reported (Ollama load_duration), shown once and kept out of TTFT", "0.0", false, 12, onlyWhenNonZero: true);

    public static readonly RequestMetric ItlP50 = new("ITL-p50", "ITL p50 (ms)",
        "Inter-chunk latency, median: gaps between successive events carrying text, every gap of every successful request", "0.00", false, 16);

    public static readonly RequestMetric ItlP90 = new("ITL-p90", "ITL p90 (ms)",
        $"Inter-chunk latency, 90th percentile ({Percentile.EstimatorName}) of the same gaps", "0.00", false, 16);

    public static readonly RequestMetric ItlPerTokenP50 = new("ITL-token-p50", "ITL/token p50 (ms)",
        "Where events carry several tokens: each gap divided by its request's mean tokens per later event ((N_out − n_first) / (events − 1)), median — comparable with tools that report ITL per token", "0.000", false, 17, onlyWhenNonZero: true);

    public static readonly RequestMetric ItlP99 = new("ITL-p99", "ITL p99 (ms)",
        $"Inter-chunk latency, 99th percentile ({Percentile.EstimatorName}) of the same gaps", "0.00", false, 17);

    public static readonly RequestMetric TpotP50 = new("TPOT-p50", "TPOT p50 (ms)",
        "Time per output token after the first, median: (E2E − TTFT) / (output tokens − 1), as vLLM and genai-perf report it", "0.000", false, 18);

    public static readonly RequestMetric Truncated = new("Truncated", "Truncated",
        "Successful measured requests the provider cut at max tokens (finish reason length / max_tokens); kept in the speed figures, since the stream ran at its own pace until the cap", "0", false, 19, onlyWhenNonZero: true);

    public static readonly RequestMetric StartLagP99 = new("StartLag-p99", "Start lag p99 (ms)",
        $"Schedule lag, 99th percentile: how long after its intended send time (the start of its batch of concurrent streams, or its arrival at a rate) a request went out — the client's own delay; when its p90 (the median under {CaseSummary.LagSamplesForP90} requests) passes {CaseSummary.ClientBoundLagMs:0.#} ms the case is client-bound", "0.000", false, 20);

    public static readonly RequestMetric TtftFromIntendedP50 = new("TTFT-intended-p50", "TTFT from intended p50 (ms)",
        "TTFT counted from the intended send time instead of t0 (schedule lag + TTFT), median: what a user waiting on the schedule saw", "0.00", false, 21);

    public static readonly RequestMetric GoodPercent = new("GoodPct", "Good %",
        "With --slo: share of the sent measured requests that met every objective (TTFT and E2E from the intended send time); failed requests count as not good", "0.0", true, 22);

    public static readonly RequestMetric Goodput = new("Goodput", "Goodput (req/s)",
        "With --slo: good requests per second of the measured iterations' time, as BenchmarkDotNet timed them", "0.00", true, 23);

    public static readonly RequestMetric EngineRunningMax = new("EngineRunning-max", "Engine running max",
        "Owned endpoints with Prometheus metrics (vLLM names): most requests the engine reported running while the case was measured, scraped from the host every 100 ms", "0", false, 24);

    public static readonly RequestMetric EngineWaitingMax = new("EngineWaiting-max", "Engine waiting max",
        "The same scrape: most requests the engine reported queued — above 0, the engine, not the client, was the limit", "0", false, 25);

    public static readonly RequestMetric EngineTtft = new("EngineTtft-mean", "Engine TTFT mean (ms)",
        "The engine's own mean time to first token over the case, from its histogram's sum and count: beside the client's TTFT, the network's and the client's share", "0.00", false, 26);

    public static readonly RequestMetric EngineKvCacheMax = new("EngineKvCache-max", "Engine KV cache max %",
        "The engine's highest reported KV-cache use while the case was measured", "0.0", false, 27, onlyWhenNonZero: true);

    public static readonly RequestMetric AchievedRate = new("Rate-achieved", "Achieved req/s",
        "At a rate: sends per second between each iteration's first and last actual send — beside the Rate param, how well the client kept its schedule", "0.00", true, 28);

    public static readonly RequestMetric ArrivalCv = new("Arrival-CV", "Arrival CV",
        "At a rate: coefficient of variation of the gaps between successive actual sends (Poisson 1, constant 0, gamma 1/√burstiness)", "0.000", false, 29);

    public static readonly RequestMetric InFlight = new("InFlight-mean", "In flight mean",
        "At a rate: requests in flight on average, counted from their sends and stream ends in the steady part of each iteration (after one mean time in flight, up to the last send)", "0.00", false, 30);

    public static readonly RequestMetric LittlesLaw = new("InFlight-little", "λ × W",
        "At a rate: Little's law — achieved rate × mean time in flight; far from 'In flight mean', the iterations were too short to reach a steady state", "0.00", false, 31);

    public static readonly RequestMetric CachedInput = new("CachedInputPct", "Cached in %",
        "Share of the measured requests' input tokens the provider reported as served from its prompt cache (priced at the cached price); shown when any was", "0.0", false, 32, onlyWhenNonZero: true);

    public static readonly RequestMetric InputAchieved = new("InputAchievedPct", "In/asked %",
        "A traffic shape: the provider's input tokens over the drawn o200k_base lengths — off 100 by how its tokenizer and chat template differ", "0.0", false, 33);

    public static readonly RequestMetric OutputAchieved = new("OutputAchievedPct", "Out/asked %",
        "A traffic shape: output tokens over the drawn lengths asked for exactly — under 100 where the engine stopped early (no ignore_eos)", "0.0", false, 34);

    public static readonly RequestMetric FirstTurnTtft = new("TTFT-turn1", "TTFT turn 1 (ms)",
        "A conversation: TTFT p50 of its first turns, the shortest history", "0.0", false, 35);

    public static readonly RequestMetric LastTurnTtft = new("TTFT-turnN", "TTFT last turn (ms)",
        "A conversation: TTFT p50 of its last turns, the longest history (less where the prefix cache served it); every turn in the methodology", "0.0", false, 36);

    public static readonly RequestMetric InputsPerSecond = new("InputsPerSec-p50", "Inputs/s p50",
        "Embed: texts embedded per second of a request's latency, median (batch size / time to the whole response)", "0.0", true, 37);

    public static readonly RequestMetric InputTokensPerSecond = new("InTokPerSec-p50", "In tok/s p50",
        "Embed: input tokens per second of a request's latency, median, from the provider's count (o200k_base where it gives none)", "0", true, 38);

    public static readonly RequestMetric EmbeddingDimensions = new("EmbeddingDims", "Dims",
        "Embed: the length of every vector returned (the case's requests agreed); a batch that came back short or mixed counts as invalid", "0", false, 39);

    public static readonly RequestMetric FirstToolCall = new("ToolDelta-p50", "First tool delta p50 (ms)",
        "ToolCall: time to the first event carrying any part of a tool call (its name or arguments), median", "0.00", false, 40);

    public static readonly RequestMetric ToolArgumentsDone = new("ToolArgsDone-p50", "Args done p50 (ms)",
        "ToolCall: time to the last event carrying the call's arguments — complete arguments — median", "0.00", false, 41);

    public static readonly RequestMetric ToolArgumentsStreamed = new("ToolArgsStreamedPct", "Args streamed %",
        "ToolCall: share of the calls whose arguments came in more than one fragment (0: the provider sends them whole, at the end)", "0", false, 42);

    public static readonly RequestMetric ValidOutputs = new("ValidPct", "Valid %",
        "ToolCall, Json, Embed: share of the successful measured requests whose output was what was asked — arguments or answer valid against the schema (JsonSchema.Net), the defined tool called, one vector per input", "0.0", true, 43);

    public static readonly RequestMetric InvalidOutputs = new("Invalid", "Invalid",
        "Successful measured requests whose output was not valid (the first reason is in the run record); they stay in the latency figures, which measured them", "0", false, 44, onlyWhenNonZero: true);

    public static readonly RequestMetric NewConnections = new("NewConnections", "New conns",
        "Connections the case opened: warming its pool before the first request, and any a request had to open (warmup included)", "0", false, 45, onlyWhenNonZero: true);

    public static readonly RequestMetric ConnectionSetup = new("ConnSetup-p50", "Conn set-up p50 (ms)",
        "Those connections' DNS + TCP connect + TLS handshake, median: the cold-start cost a new region or an empty pool pays before the first byte of a request (inside a request's TTFT when the request opened it)", "0.00", false, 46, onlyWhenNonZero: true);

    public static readonly RequestMetric HandOffP99 = new("H2HandOff-p99", "H2 hand-off p99 (ms)",
        "HTTP/2 only: how much later a request's reader got its first token than the connection read that brought it, the runtime's thread-pool hop; TTFT is stamped at that read, so any client on this stack shows its tokens this much later", "0.000", false, 47, onlyWhenNonZero: true);

    public static IEnumerable<Metric> From(CaseResult result)
    {
        CaseSummary summary = result.Summary;
        yield return new Metric(TtftP50, summary.TimeToFirstTokenMs.P50);
        yield return new Metric(TtftP90, summary.TimeToFirstTokenMs.P90);
        // Only where reasoning made the first answer token come later than the first token.
        double ttfat = summary.TimeToFirstAnswerTokenMs.P50;
        yield return new Metric(TtfatP50, ttfat > summary.TimeToFirstTokenMs.P50 ? ttfat : 0);
        yield return new Metric(OutputSpeedP50, summary.OutputTokensPerSecond.P50);
        yield return new Metric(EndToEndP50, summary.EndToEndMs.P50);
        yield return new Metric(OutputTokens, summary.OutputTokens.Mean);
        yield return new Metric(EstimatedTokens, summary.Succeeded == 0 ? 0 : 100.0 * summary.EstimatedCount / summary.Succeeded);
        yield return new Metric(CostPerRequest, summary.CostPerRequestUsd is { } cost ? (double)cost : double.NaN);
        yield return new Metric(TotalCost, (double)summary.TotalCostUsd);
        yield return new Metric(Requests, summary.Succeeded);
        int budgetStops = summary.Failures.GetValueOrDefault(FailureKind.Budget);
        yield return new Metric(Failures, summary.FailureCount - budgetStops);
        yield return new Metric(BudgetStops, budgetStops);
        yield return new Metric(ModelLoad, summary.ModelLoadMs ?? 0);
        yield return new Metric(ThrottleSuspects, summary.ThrottleSuspects);
        yield return new Metric(ProviderCost, summary.ProviderCostPerRequestUsd is { } reported ? (double)reported : 0);
        yield return new Metric(ClientOverhead, summary.ClientOverheadMs.Count > 0 ? summary.ClientOverheadMs.P50 : 0);
        yield return new Metric(ItlP50, summary.InterEventGapMs.P50);
        yield return new Metric(ItlP90, summary.InterEventGapMs.P90);
        yield return new Metric(ItlP99, summary.InterEventGapMs.P99);
        // Shown only where it differs from the per-event figure: events of more than one token on average.
        yield return new Metric(ItlPerTokenP50, summary.TokensPerEvent > 1.05 ? summary.InterTokenGapMs.P50 : 0);
        yield return new Metric(TpotP50, summary.TimePerOutputTokenMs.P50);
        yield return new Metric(Truncated, summary.Truncated);
        yield return new Metric(NewConnections, summary.NewConnections);
        yield return new Metric(ConnectionSetup, summary.ConnectionSetupMs.Count > 0 ? summary.ConnectionSetupMs.P50 : 0);
        yield return new Metric(HandOffP99, summary.FirstTokenHandOffMs.Count > 0 ? summary.FirstTokenHandOffMs.P99 : 0);
        yield return new Metric(CachedInput, summary.CachedInputShare * 100);
        yield return new Metric(StartLagP99, summary.ScheduleLagMs.Count > 0 ? summary.ScheduleLagMs.P99 : double.NaN);
        yield return new Metric(TtftFromIntendedP50, summary.TimeToFirstTokenFromIntendedMs.Count > 0 ? summary.TimeToFirstTokenFromIntendedMs.P50 : double.NaN);
        if (result.Engine is { } engine)
        {
            yield return new Metric(EngineRunningMax, engine.RunningMax);
            yield return new Metric(EngineWaitingMax, engine.WaitingMax);
            yield return new Metric(EngineTtft, engine.ServerTtftMs ?? double.NaN);
            if (engine.KvCacheMax is { } kv)
                yield return new Metric(EngineKvCacheMax, kv * 100);
        }

        if (summary.Arrivals is { } arrivals)
        {
            yield return new Metric(AchievedRate, arrivals.AchievedPerSecond);
            yield return new Metric(ArrivalCv, arrivals.GapCv);
            yield return new Metric(InFlight, arrivals.MeanInFlight);
            yield return new Metric(LittlesLaw, arrivals.LittlesLawInFlight);
        }

        if (summary.InputLengthAchieved is { } inputAchieved)
            yield return new Metric(InputAchieved, inputAchieved * 100);
        if (summary.OutputLengthAchieved is { } outputAchieved)
            yield return new Metric(OutputAchieved, outputAchieved * 100);
        if (summary.Turns.Count > 1)
        {
            yield return new Metric(FirstTurnTtft, summary.Turns[0].TtftP50);
            yield return new Metric(LastTurnTtft, summary.Turns[^1].TtftP50);
        }

        if (summary.GoodFraction is { } good)
        {
            yield return new Metric(GoodPercent, good * 100);
            yield return new Metric(Goodput, summary.Goodput ?? double.NaN);
        }

        if (summary.InputsPerSecond.Count > 0)
        {
            yield return new Metric(InputsPerSecond, summary.InputsPerSecond.P50);
            yield return new Metric(InputTokensPerSecond, summary.InputTokensPerSecond.P50);
            yield return new Metric(EmbeddingDimensions, summary.EmbeddingDimensions ?? double.NaN);
        }

        if (summary.FirstToolCallMs.Count > 0)
        {
            yield return new Metric(FirstToolCall, summary.FirstToolCallMs.P50);
            yield return new Metric(ToolArgumentsDone, summary.ToolArgumentsDoneMs.Count > 0 ? summary.ToolArgumentsDoneMs.P50 : double.NaN);
            yield return new Metric(ToolArgumentsStreamed, (summary.ToolArgumentsStreamedShare ?? double.NaN) * 100);
        }

        if (summary.ValidShare is { } valid)
        {
            yield return new Metric(ValidOutputs, valid * 100);
            yield return new Metric(InvalidOutputs, summary.OutputsInvalid);
        }

        if (result.HarnessErrorMs is { } harness)
            yield return new Metric(HarnessError, harness);
    }
}
