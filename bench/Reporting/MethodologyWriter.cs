using System.Globalization;
using System.Text;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Load;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// The write-up of one run, generated from its record, ready to paste into an article: what was measured and exactly
/// how, the counts, budget and spend, the environment, the harness's own error, and the caveats this run has.
/// </summary>
internal static class MethodologyWriter
{
    /// <param name="workload">The run's prompts, for the table of what was sent.</param>
    public static string Markdown(RunRecord run, IReadOnlyList<PromptDefinition> workload)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Methodology: SpeedKings.Bench run {run.RunId}");
        md.AppendLine();
        md.AppendLine(c, $"Run from {run.StartedUtc:yyyy-MM-dd HH:mm:ss} to {run.FinishedUtc:HH:mm:ss} UTC ({run.TimeOfDay}), suite {run.Suite.Version}, commit {run.Suite.Commit}.");

        md.AppendLine();
        md.AppendLine("## What was measured");
        md.AppendLine();
        md.AppendLine("Each request streams one chat completion. All times are taken in the client on one monotonic clock; **t0** has one definition for every request: the moment the attempt that produced the response began: the hand-off to the HTTP client for a first attempt (the client's own pipeline counts), the retry's dispatch for a retried one, after the request body was built. When a request was retried (a 429, 5xx or a connection lost before any header), the earlier attempts and the waits between them are recorded apart and never counted as latency. BenchmarkDotNet's Mean covers only the requests of an iteration: budget reservation, rate-limit check and record writing happen outside the measured region.");
        md.AppendLine();
        md.AppendLine("- **TTFT** (time to first token): arrival of the first event carrying generated text, answer or reasoning, − t0. Role-only chunks, empty deltas, usage trailers and keep-alive comments never count. An event's arrival is the completion of the socket read that delivered its last byte.");
        md.AppendLine("- **TTFAT** (time to first answer token): the same, reasoning text not counted.");
        md.AppendLine("- **E2E**: arrival of the last event carrying generated text − t0.");
        md.AppendLine(c, $"- **Schedule lag**: t0 of the first attempt − the request's intended send time (the start of its iteration's batch of concurrent streams, or its arrival in a rate schedule): the client's own delay in starting it, which latencies from t0 leave out. **TTFT from intended** = schedule lag + TTFT is shown beside TTFT, so a client that starts streams late can never make a server look faster. A case whose lag p90 (its median, under {CaseSummary.LagSamplesForP90} requests) passes {CaseSummary.ClientBoundLagMs:0.#} ms is marked client-bound.");
        md.AppendLine("- **Output tokens**: from the provider's usage report (answer + reasoning); where none was reported, counted with the o200k_base tokenizer and marked estimated.");
        md.AppendLine("- **Output speed**: (output tokens − tokens in the first event) / (last text event − first text event); the first event's tokens are counted with o200k_base on its own text.");
        md.AppendLine("- **Cost**: uncached input × input price + cached input × cached price + output tokens × output price, at the dated price in force (a time-of-day tier where the provider has one); reasoning tokens are billed as output. Blended $/1M: the cost of the case's mean request per million of its tokens.");
        if (run.Config.ServiceLevels is { } slo)
            md.AppendLine(c, $"- **Goodput** (objectives {slo}): a measured request is good when it succeeded and met every objective, TTFT and E2E counted from its intended send time; Good % is good ÷ sent (failures count, requests the budget stopped do not); goodput is good requests per second of the measured iterations' time as BenchmarkDotNet timed it.");
        md.AppendLine(c, $"- **Statistics**: medians and percentiles ({Percentile.EstimatorName}) over successful measured requests; failed requests are counted by class and never enter latency figures; a local engine's model-loading request is reported as model load and kept out of TTFT and E2E.");

        md.AppendLine();
        md.AppendLine("### Beside other tools' figures");
        md.AppendLine();
        md.AppendLine("Same names do not always mean the same figure; read published numbers with this table (peer definitions as their sources had them in late 2026).");
        md.AppendLine();
        var peers = new Table(PeerDefinitions.Header);
        foreach (string[] row in PeerDefinitions.Rows)
            peers.Add(row);
        peers.WriteMarkdown(md);

        md.AppendLine();
        md.AppendLine("## How it was run");
        md.AppendLine();
        md.AppendLine(c, $"BenchmarkDotNet ran each case (provider × model × prompt size × concurrency or rate) in its own process: {run.Config.Warmup} warmup and {run.Config.Measured} measured iterations, one request per stream per iteration (costly providers skip warmup), request timeout {run.Config.TimeoutSeconds:0} s, budget ${run.Config.BudgetUsd:0.##}. Arguments: `{string.Join(' ', run.Config.Arguments)}`.");
        if (run.Config.OpenLoop is { } load && run.Cases.Any(k => k.Rate is not null))
        {
            md.AppendLine();
            md.AppendLine(c, $"Request-rate cases (Rate = n/s) send {load.Arrivals.Describe()} at their rate instead of all streams at once: an iteration is {load.IterationSeconds:0.###} s of arrivals (rate × {load.IterationSeconds:0.###} requests, at least {OpenLoop.LeastRequests}), sent open-loop from one thread on an intended schedule drawn before the clock from a seed the case and the iteration fix — the same schedule on every run. Each schedule's gaps are drawn independently and scaled together so that it spans exactly (requests − 1) ÷ rate: for Poisson arrivals that is a Poisson process conditioned on its first and last arrival, so a short iteration keeps the target rate while its gaps keep their spread. At most {load.MaxConcurrency} requests are in flight (Concurrency column); an arrival that finds all of them busy waits for one, and that wait is its schedule lag, so it shows in TTFT from intended and goodput instead of being hidden. Achieved req/s and Arrival CV are measured from the actual sends; In flight mean counts requests in flight between one mean time in flight after an iteration's first send and its last send, beside Little's law (achieved rate × mean time in flight).");
        }

        md.AppendLine();
        var prompts = new Table("Prompt", ">Expected input tokens", ">Typical output tokens", ">Max tokens");
        foreach (var prompt in workload.Where(p => run.Cases.Any(k => k.Prompt == p.Id)))
            prompts.Add(prompt.Id, prompt.ExpectedInputTokens.ToString(c), prompt.ExpectedOutputTokens.ToString(c), prompt.MaxTokens.ToString(c));
        prompts.WriteMarkdown(md);
        if (workload.Any(p => p.IsContext && run.Cases.Any(k => k.Prompt == p.Id)))
        {
            md.AppendLine();
            md.AppendLine("Context classes (Ctx…) send a logbook this suite generates from its own sentence templates with a fixed seed — exactly the stated number of o200k_base tokens, the same text on every machine — with one fact hidden at two thirds of its depth that the question asks for. Every request starts with a marker of its own, so its prompt is unique from the first token and no provider's prefix cache can serve any of it: their TTFT includes the whole prefill.");
        }

        if (workload.Any(p => p.Shape is not null && run.Cases.Any(k => k.Prompt == p.Id)))
        {
            md.AppendLine();
            md.AppendLine("Traffic shapes (GenAI-Bench notation: D fixed, N normal cut at ±4σ, U uniform; input/output tokens) draw each request's lengths from a seed the shape fixes, so a rerun sends the same sequence. The input is this request's own marker, the start of the generated logbook cut at a word to about the drawn length in o200k_base tokens, and an instruction to keep writing; the output is capped at the drawn length and, on engines the user runs, forced to it (min_tokens and ignore_eos, which vLLM and SGLang honour). The lengths achieved are the input and output token figures of each case, as the endpoint reported them.");
        }

        if (workload.Any(p => p.SharesPrefix && run.Cases.Any(k => k.Prompt == p.Id)))
        {
            md.AppendLine();
            md.AppendLine("The …Cached classes send the same logbook at the start of every request and put each request's own marker after it, so a provider's prompt cache can serve the logbook from the second request on (Anthropic only caches what a request marks, so the logbook is sent there as a text block with cache_control). Their first request pays the whole prefill; the rest show what caching does to TTFT and, at the cached input price, to cost — read them beside the same class without the cache. Cached in % is the share of input tokens the provider reported as cached.");
        }

        md.AppendLine();
        md.AppendLine("## Counts and results");
        md.AppendLine();
        var results = new Table(
            "Provider", "Model", "Prompt", ">Load", ">Measured", ">Succeeded", "Failed", ">Retries",
            ">TTFT p50 (ms)", ">TTFT p90 (ms)", ">Out tok/s p50", ">E2E p50 (ms)", ">$/request");
        foreach (CaseRecord k in run.Cases)
        {
            CaseFigures f = k.Figures;
            string failed = k.Failures.Count == 0 ? "0" : string.Join(", ", k.Failures.Select(p => $"{p.Value} {p.Key}"));
            results.Add(
                k.Region is null ? k.Provider : $"{k.Provider} @{k.Region}", k.Model, k.Prompt, k.Load, f.Measured.ToString(c), f.Succeeded.ToString(c), failed, k.Retries.ToString(c),
                Ms(f.TtftP50), Ms(f.TtftP90), Ms(f.OutputTokensPerSecondP50), Ms(f.EndToEndP50), f.CostPerRequestUsd is { } cost ? cost.ToString("0.000000", c) : "n/a");
        }

        results.WriteMarkdown(md);

        WriteSweeps(md, run);
        WriteConversations(md, run);
        WriteTasks(md, run);

        md.AppendLine();
        md.AppendLine(c, $"Spent ${run.SpentUsd:0.000000} of the ${run.Config.BudgetUsd:0.##} budget, warmup and failed requests included.");

        md.AppendLine();
        md.AppendLine("## Environment");
        md.AppendLine();
        md.AppendLine(c, $"{run.Environment.Os}; {run.Environment.Cpu}, {run.Environment.Cores} cores; {run.Environment.Runtime}; client region: {run.Environment.Region ?? "not given (set SPEEDKINGS_REGION)"}.");
        md.AppendLine(c, $"Data: providers {run.Data.Providers}, prompts {run.Data.Prompts}, prices {run.Data.Pricing}.");
        if (run.HarnessSelfCheck is { } check)
        {
            md.AppendLine();
            md.AppendLine(c, $"Harness self-check on this machine before the run: over {check.Streams} streams against a loopback server, the client saw the first token {check.TtftErrorMs.P50:0.000} ms (median) and at most {check.TtftErrorMs.Max:0.000} ms after the server wrote it; output-speed error {check.SpeedErrorPercent.P50:0.00} % (median). Differences between providers smaller than this are not the providers'.");
        }

        if (run.NetworkRttMs is { Count: > 0 } rtt)
        {
            md.AppendLine();
            md.AppendLine(c, $"Network round trip before the run (median of {NetworkProbe.Connects} TCP connects to each provider's host, DNS looked up once, untimed): {string.Join(", ", rtt.Select(p => string.Create(c, $"{p.Key} {p.Value:0.00} ms")))}. A TTFT holds at least one such round trip beyond the connection's set-up; where it is most of the TTFT, the figure is the network's.");
        }

        if (run.Cases.Where(k => k.Figures.ConnectionSetupP50 is not null).ToList() is { Count: > 0 } cold)
        {
            md.AppendLine();
            md.AppendLine(c, $"Connection set-up (DNS + TCP connect + TLS handshake, timed in the suite's own connect callback) of the connections each case opened — warming its pool before the first request, or because a request needed one — median: {string.Join(", ", cold.Select(k => string.Create(c, $"{k.Provider}/{k.Prompt} {k.Figures.ConnectionSetupP50:0.00} ms over {k.Figures.NewConnections}")))}. A request that opened its connection carries it inside its TTFT; one on a pooled connection pays none of it.");
        }

        md.AppendLine();
        md.AppendLine("## Caveats");
        md.AppendLine();
        foreach (string caveat in Caveats(run))
            md.AppendLine("- " + caveat);
        return md.ToString();
    }

    /// <summary>
    /// Tasks beyond chat: what each figure means for them, then each task case's own figures — throughput of
    /// embeddings, the tool call's moments, and how many outputs were valid with the first reason one was not.
    /// </summary>
    private static void WriteTasks(StringBuilder md, RunRecord run)
    {
        var tasks = run.Cases.Where(k => k.Figures.Task is not null).ToList();
        if (tasks.Count == 0)
            return;
        var c = CultureInfo.InvariantCulture;
        md.AppendLine();
        md.AppendLine("### Tasks beyond chat");
        md.AppendLine();
        md.AppendLine("- **Embed**: one request embeds a batch of texts (the prompt's inputs) and its response comes whole, so TTFT and E2E are both the time to the complete body; Inputs/s = batch ÷ that time, In tok/s = the provider's input tokens ÷ that time (o200k_base where it reports none, as Gemini's batch route). An output is valid when one vector came back per input, all of one length (Dims).");
        md.AppendLine("- **ToolCall**: the request defines one tool and requires a call. First tool delta = the first event carrying any part of the call (its name or arguments) − t0; Args done = the last event carrying arguments − t0; Args streamed % = calls whose arguments came in more than one fragment (Gemini sends a call whole). Argument text counts as generated text for TTFT and output speed, as the provider bills it. Valid: the defined tool was called and its arguments are JSON valid against its parameter schema.");
        md.AppendLine("- **Json**: the answer must follow the prompt's JSON Schema (response_format json_schema, Gemini responseJsonSchema, Ollama format); valid when the whole answer text is JSON valid against it.");
        md.AppendLine("- **Vision**: the question carries the prompt's images in the provider's own parts (image_url data URLs, Anthropic base64 blocks, Gemini inline_data, Ollama images); image tokens are what the provider's usage says.");
        md.AppendLine("- Outputs are checked after the stream with JsonSchema.Net, never on the clock. An invalid output stays in the latency figures (it was measured) and is counted as not good for goodput.");
        md.AppendLine();
        var table = new Table("Provider", "Model", "Prompt", "Task", ">Inputs/s p50", ">Dims", ">First tool delta p50 (ms)", ">Args done p50 (ms)", ">Args streamed %", ">Valid", "First problem");
        foreach (CaseRecord k in tasks)
        {
            TaskFigures t = k.Figures.Task!;
            table.Add(
                k.Provider, k.Model, k.Prompt, t.Task,
                t.InputsPerSecondP50 is { } inputs ? inputs.ToString("0.0", c) : "",
                t.EmbeddingDimensions?.ToString(c) ?? "",
                t.FirstToolCallP50 is { } first ? first.ToString("0.00", c) : "",
                t.ToolArgumentsDoneP50 is { } done ? done.ToString("0.00", c) : "",
                t.ToolArgumentsStreamedShare is { } streamed ? (streamed * 100).ToString("0", c) : "",
                t.Checked > 0 ? $"{t.Checked - t.Invalid}/{t.Checked}" : "",
                t.FirstProblem ?? "");
        }

        table.WriteMarkdown(md);
    }

    /// <summary>Each conversation case turn by turn: the history's growth in input, what the cache served, TTFT and cost.</summary>
    private static void WriteConversations(StringBuilder md, RunRecord run)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (CaseRecord k in run.Cases.Where(k => k.Figures.Turns is { Count: > 0 }))
        {
            md.AppendLine();
            md.AppendLine(c, $"### Conversation: {k.Provider} {k.Model}, {k.Prompt} at load {k.Load}");
            md.AppendLine();
            md.AppendLine("Each turn sent the history so far (every earlier question and the answer it got) and the next question, the moment the answer before it ended.");
            md.AppendLine();
            TurnTable.Of(k.Figures.Turns!).WriteMarkdown(md);
        }
    }

    /// <summary>Each sweep's curve as a table, in order of load, and its knee in a sentence.</summary>
    private static void WriteSweeps(StringBuilder md, RunRecord run)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (SweepCurve curve in SweepCurve.Of(run))
        {
            md.AppendLine();
            md.AppendLine(c, $"### Sweep: {curve.Provider} {curve.Model}, {curve.Prompt}");
            md.AppendLine();
            var table = new Table(
                ">Load", ">Sent req/s", ">Served req/s", ">Out tok/s (all)", ">TTFT p50", ">TTFT p99", ">TTFT from intended p50",
                ">ITL p50", ">TPOT p50", ">E2E p50", "Client-bound");
            foreach (CaseRecord k in curve.Points)
            {
                CaseFigures f = k.Figures;
                table.Add(
                    k.Load, f.Arrivals is { } a ? a.AchievedPerSecond.ToString("0.##", c) : k.Concurrency == 1 ? "one at a time" : "all at once", f.RequestsPerSecond?.ToString("0.##", c) ?? "n/a",
                    f.OutputTokensPerSecondTotal?.ToString("0", c) ?? "n/a", Ms(f.TtftP50), Ms(f.TtftP99), Ms(f.TtftFromIntendedP50),
                    f.ItlP50.ToString("0.00", c), f.TpotP50.ToString("0.000", c), Ms(f.EndToEndP50), f.ClientBound ? "yes" : "");
            }

            table.WriteMarkdown(md);
            md.AppendLine();
            md.AppendLine(curve.Knee is { } knee
                ? string.Create(c, $"Knee: {knee.Figures.RequestsPerSecond:0.##} requests/s served at load {knee.Load}, with TTFT p50 from the intended send {SweepCurve.TtftAsWaited(knee):0.0} ms against {curve.UnloadedTtftMs:0.0} ms one at a time — the most throughput while TTFT stayed within {SweepCurve.KneeFactor:0.#}× unloaded (times in ms).")
                : string.Create(c, $"No knee: no load kept TTFT within {SweepCurve.KneeFactor:0.#}× the {curve.UnloadedTtftMs:0.0} ms of one request at a time."));
        }
    }

    public static IEnumerable<string> Caveats(RunRecord run)
    {
        int smallest = run.Cases.Count == 0 ? 0 : run.Cases.Min(k => k.Figures.Succeeded);
        if (smallest < 10)
            yield return $"Small samples: as few as {smallest} successful requests in a case. With fewer than 10 a p90 is close to the maximum, and with fewer than 100 a p99 is the maximum; read medians, and repeat runs before concluding.";
        foreach (CaseRecord k in run.Cases.Where(k => k.Figures.EstimatedTokens > 0))
            yield return $"{k.Name}: {k.Figures.EstimatedTokens} request(s) reported no usage; their token counts, speed and cost are estimated with o200k_base, not the provider's tokenizer.";
        foreach (CaseRecord k in run.Cases.Where(k => k.Figures.ThrottleSuspects > 0))
            yield return $"{k.Name}: throttling suspected on {k.Figures.ThrottleSuspects} request(s) (TTFT far above the case median, or queue time most of TTFT).";
        foreach (CaseRecord k in run.Cases.Where(k => k.Figures.ClientBound))
            yield return FormattableString.Invariant($"{k.Name}: client-bound — its requests left up to {k.Figures.ScheduleLagP99:0.00} ms (p99) after their intended send time; TTFT from intended p50 was {k.Figures.TtftFromIntendedP50:0.00} ms against {k.Figures.TtftP50:0.00} ms from t0. The figures measure this client as much as the server.");
        foreach (CaseRecord k in run.Cases.Where(k => k.Rate is not null && k.Figures.Arrivals is { } a && a.AchievedPerSecond < 0.95 * Load.RequestRates.PerSecond(k.Rate)))
            yield return FormattableString.Invariant($"{k.Name}: the client sent {k.Figures.Arrivals!.AchievedPerSecond:0.##} requests/s of the {k.Rate} asked; the server was not offered the load the case names.");
        foreach (CaseRecord k in run.Cases.Where(k => k.Failures.Count > 0))
            yield return $"{k.Name}: {string.Join(", ", k.Failures.Select(p => $"{p.Value} {p.Key}"))} — first: {k.FirstFailure}";
        foreach (string provider in run.RateLimitedProviders)
            yield return $"{provider} kept answering 429 and was skipped for the rest of the run.";
        foreach (CaseRecord k in run.Cases.Where(k => k.FromHistograms))
            yield return $"{k.Name}: merged from runs that kept histograms instead of every request — its percentiles are the pooled samples' nearest-rank values within {CaseHistograms.RelativePrecision:0.#%} ({CaseHistograms.SignificantDigits} significant digits), its means weighted by requests; ITL, TTFAT and goodput need the requests and are left out.";
        if (run.Cases.Any(k => k.Provider == EmbeddedLoopback.ProviderId))
            yield return "The loopback rows measure the harness against a local reference server with a notional price; they are not a provider.";
        if (run.Cases.Any(k => k.Retries > 0))
            yield return $"{run.Cases.Sum(k => k.Retries)} retried attempt(s) in all; their waits are excluded from latency.";
        yield return $"One run at one time of day ({run.TimeOfDay}); provider latency varies with load. Prices are the dated entries of data/pricing.json; check them before publishing.";
    }

    private static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture);
}
