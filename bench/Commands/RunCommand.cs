using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.ConsoleArguments.ListBenchmarks;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Budgeting;
using SpeedKings.Bench.Calibration;
using SpeedKings.Bench.CommandLine;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Diagnosers;
using SpeedKings.Bench.Exporters;
using SpeedKings.Bench.Faults;
using SpeedKings.Bench.Resuming;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Load;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Providers.Prompts;
using SpeedKings.Bench.Reporting;
using SpeedKings.Bench.Running;
using SpeedKings.Bench.Telemetry;
using SpeedKings.Bench.Validators;

namespace SpeedKings.Bench.Commands;

/// <summary>
/// The benchmark run, in order: resolve the targets into a run context; let BenchmarkDotNet make the cases from the
/// command line; validate and price those cases; then self-check, start the loopback, and hand the same cases to
/// BenchmarkDotNet, whose exporters write every report.
/// </summary>
internal static class RunCommand
{
    /// <returns>0: every case ran; 1: some case failed (its reports are still written); 2: bad input, nothing ran.</returns>
    public static async Task<int> RunAsync(RunArguments arguments, Suite suite, bool estimateOnly)
    {
        string records = Path.Combine(arguments.Artifacts, "records");
        string? resumed = arguments.Resume ? ResumedRun.Latest(records, arguments.Shard) : null;
        // A resumed run is the same run: it began when the interrupted one did, and its reports replace that run's.
        DateTimeOffset started = resumed is not null ? ResumedRun.StartedUtc(resumed) : DateTimeOffset.UtcNow;
        string runFolder = resumed ?? Path.Combine(records, ResumedRun.FolderName(started, arguments.Shard));
        var run = new RunContext
        {
            RunId = Path.GetFileName(runFolder),
            RunFolder = runFolder,
            BudgetUsd = arguments.Shard?.BudgetOf(arguments.BudgetUsd) ?? arguments.BudgetUsd,
            Shard = arguments.Shard,
            Warmup = arguments.Warmup,
            Measured = arguments.Measured,
            Concurrency = arguments.Concurrency,
            OpenLoop = arguments.OpenLoop,
            AllowPaidLoad = arguments.AllowPaidLoad,
            RequestTimeoutSeconds = arguments.RequestTimeout.TotalSeconds,
            Slo = arguments.Slo,
            Prompts = arguments.Shapes is { } shapes
                ? [.. shapes.Select(PromptDefinition.For)]
                : arguments.Prompts is { } prompts ? PromptFiles.Load(prompts) : suite.Data.Prompts.Prompts,
            Targets = RunTargets.Resolve(suite, DateOnly.FromDateTime(started.UtcDateTime)),
        };
        RunContext.Use(run);

        // Planning: BenchmarkDotNet's cases under the requested counts, checked and priced before anything is sent.
        var planningDiagnoser = new RequestMetricsDiagnoser(run, new Dictionary<string, (string, Providers.Catalog.ApiKey)>());
        if (BenchmarkCases.Parse(arguments.BenchmarkDotNet, InferenceConfig.Create(run, planningDiagnoser, arguments.Artifacts, [])) is not var (config, options))
            return 2;
        if (options.ListBenchmarkCaseMode != ListBenchmarkCaseMode.Disabled || options.PrintInformation)
            return BenchmarkDotNetOnly(arguments, config);

        // Context classes (Ctx1k…) are opt-in: they become prompt params only when a filter names them.
        run = run with { Prompts = [.. run.Prompts.Where(p => p.IsSelectedBy(options.Filters))] };
        RunContext.Use(run);

        var (runnable, _, problem) = RunnableCases.Select(BenchmarkCases.Convert(config).BenchmarksCases, run, [.. options.Filters], config, resumed is not null, log: null);
        if (problem is not null)
            return Fail(problem);

        ReportSkipped(run);
        if (run.Shard is { } shard && runnable.Length == 0)
        {
            Console.WriteLine($"// Shard {shard}: no case falls to this shard (there are fewer provider-and-prompt units than shards); nothing to run.");
            return 0;
        }

        if (run.Shard is { } slice)
            Console.WriteLine(FormattableString.Invariant($"// Shard {slice}: {runnable.Length} of the run's cases, on ${run.BudgetUsd:0.######} of the ${arguments.BudgetUsd:0.######} budget (1/{slice.Count}), region {RunRecordBuilder.Region() ?? "not given"}."));
        BudgetPlan plan = BudgetPlan.Fit(measured => CaseEstimates.Of(runnable, run, measured), arguments.Measured, run.BudgetUsd);
        EstimateTable.Write(plan, Console.Out);
        if (arguments.Sweep is not null)
            Console.WriteLine("// --sweep: this prices its first phase (one stream, then the cap at once); its rates are priced once that phase has measured them, against what the budget has left.");
        if (plan.IsRefused)
            return Fail(plan.Refusal!);
        if (estimateOnly || arguments.DryRun)
            return 0;

        // The run: the same command line under the planned counts, with this run's self-check and loopback.
        if (resumed is not null)
            Console.WriteLine($"// Resuming: records and budget ledger continue in {resumed}.");
        // The self-check takes the path the run's providers take: HTTP/2 over TLS when a cloud provider is in the run.
        bool tls = runnable.Any(c => run.Target(CaseParams.Of(c).Provider).Provider.Kind == Providers.Catalog.ProviderKind.Cloud);
        LevelResult? selfCheck = await HarnessSelfCheck.RunAsync(
            suite.Data.Catalog.Find(EmbeddedLoopback.ProviderId), tls, Path.Combine(runFolder, "harness-self-check.json"), Console.Out);
        var rtt = await NetworkProbe.MeasureAsync(run.Targets.Where(t => runnable.Any(c => CaseParams.Of(c).Provider == t.Param)), Console.Out);
        var (loopback, targets) = await EmbeddedLoopback.StartIfNeededAsync(run.Targets);
        await using LoopbackServer? _ = loopback;
        if (loopback is not null)
            Console.WriteLine($"// loopback = embedded reference server at {loopback.OpenAiBaseAddress} ({loopback.Schedule.Describe()}); its rows measure the harness, not a provider.");
        run = run with { Measured = plan.Measured, SelfCheck = selfCheck, NetworkRttMs = rtt, Targets = targets };
        RunContext.Use(run);
        run.Save();

        var ledger = new BudgetLedger(run.LedgerPath, run.BudgetUsd);
        var breaker = new RateLimitBreaker(run.BreakerPath);
        Func<LoopbackServer?, Func<RequestRecord, double?>?> harnessError = server => server is null ? null : record => EmbeddedLoopback.HarnessError(server, record);
        // Off unless asked for: an OTLP collector and/or a Prometheus endpoint, live until the run's reports are written.
        using RunTelemetry? telemetry = RunTelemetry.Start(arguments.Telemetry, run.RunId, RunRecordBuilder.Region());
        if (telemetry is not null)
            Console.WriteLine($"// Telemetry: {string.Join(" and ", new[] { arguments.Telemetry!.OtlpMetricsUrl is { } otlp ? $"OTLP to {otlp}" : null, arguments.Telemetry.PrometheusPort is { } port ? $"Prometheus on http://127.0.0.1:{port}/metrics while the run is live" : null }.OfType<string>())}.");
        var measure = new Measurement(suite, arguments, [.. options.Filters], started, ledger, breaker, harnessError(loopback), telemetry);
        if (measure.Run(run, resumed is not null, Console.Out) is not var (summaries, diagnoser))
            return Fail(measure.Problem!);

        // A sweep's second phase: rates from what the first measured, each provider at its own scale.
        if (arguments.Sweep is { } points)
        {
            run = SweepRates(run, diagnoser.Results, points);
            RunContext.Use(run);
            run.Save();
            if (measure.PriceSweep(run) is { } refusal)
            {
                Console.WriteLine($"// {refusal}");
                return 1;
            }

            // The first phase's cases are finished: they are reported from what they kept, beside the rates.
            if (measure.Run(run, resume: true, log: null) is not var (swept, sweptDiagnoser))
                return Fail(measure.Problem!);
            (summaries, diagnoser) = (swept, sweptDiagnoser);
        }

        ReportSpend(ledger, diagnoser.Results);
        foreach (string provider in breaker.Tripped().Order(StringComparer.Ordinal))
            Console.WriteLine($"// {provider} kept answering 429 (rate limited): it was skipped for the rest of the run after {RateLimitBreaker.ConsecutiveLimit} refused requests in a row.");
        ReportClientBound(diagnoser.Results);
        ReportConversations(diagnoser.Results);
        bool allFailed = ReportFailedCases(diagnoser.Results);
        bool ran = summaries.Length > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success));
        return ran && !allFailed ? 0 : 1;
    }

    /// <summary>The run context with a sweep's rates, said on the console: where each provider's curve starts and ends.</summary>
    private static RunContext SweepRates(RunContext run, IReadOnlyList<CaseResult> firstPhase, int points)
    {
        OpenLoop load = run.OpenLoop!;
        IReadOnlyList<SweepRange> ranges = SweepPlan.From(firstPhase, load.MaxConcurrency, points);
        foreach (SweepRange range in ranges)
        {
            Console.WriteLine(range.Rates.Count == 0
                ? $"// Sweep: {range.Provider} {range.Prompt} measured no throughput in its first phase, so it sweeps no rates."
                : FormattableString.Invariant($"// Sweep: {range.Provider} {range.Prompt} served {range.OneAtATimePerSecond:0.##} req/s one at a time and {range.MostPerSecond:0.##} req/s with {load.MaxConcurrency} streams at once; now {string.Join(", ", range.Rates.Select(RequestRates.Format))}."));
        }

        return run with
        {
            OpenLoop = load with { Rates = [.. ranges.SelectMany(r => r.Rates).Distinct().Order()] },
            SweepRates = ranges.ToDictionary(r => SweepPlan.Key(r.Provider, r.Prompt), r => (IReadOnlyList<string>)[.. r.Rates.Select(RequestRates.Format)]),
        };
    }

    /// <summary>
    /// One pass of BenchmarkDotNet over the run's cases, with the suite's exporters: cases that finished (a resumed
    /// run's, or a sweep's first phase) are reported from what they kept, the rest are sent.
    /// </summary>
    private sealed class Measurement(
        Suite suite, RunArguments arguments, IReadOnlyList<string> filters, DateTimeOffset started,
        BudgetLedger ledger, RateLimitBreaker breaker, Func<RequestRecord, double?>? harnessError, RunTelemetry? telemetry)
    {
        /// <summary>Why the last pass could not start, in one sentence.</summary>
        public string? Problem { get; private set; }

        public (Summary[] Summaries, RequestMetricsDiagnoser Diagnoser)? Run(RunContext run, bool resume, TextWriter? log)
        {
            var diagnoser = new RequestMetricsDiagnoser(run, RunTargets.Keys(suite), harnessError, telemetry is null ? null : result =>
            {
                telemetry.Record(result.Params, result.Measured, result.All);
                telemetry.Spent(ledger.Read().SpentUsd);
            });
            var (config, _) = BenchmarkCases.Parse(arguments.BenchmarkDotNet, InferenceConfig.Create(run, diagnoser, arguments.Artifacts, Exporters(suite, run, arguments, filters, started, diagnoser, ledger, breaker)))!.Value;
            BenchmarkRunInfo cases = BenchmarkCases.Convert(config);
            (BenchmarkCase[] send, BenchmarkCase[] finished, Problem) = RunnableCases.Select(cases.BenchmarksCases, run, filters, config, resume, log);
            if (Problem is not null)
                return null;

            // Finished cases go through BenchmarkDotNet too, from what they kept: every report has every case of the run.
            var kept = new KeptResultsToolchain(run);
            return (BenchmarkRunner.Run([new BenchmarkRunInfo([.. send, .. finished.Select(kept.Replay)], cases.Type, cases.Config)]), diagnoser);
        }

        /// <summary>
        /// Prices a sweep's rates, now that they are known, against what the budget has left; a sentence when they do
        /// not fit (the first phase's reports are already written).
        /// </summary>
        public string? PriceSweep(RunContext run)
        {
            var diagnoser = new RequestMetricsDiagnoser(run, new Dictionary<string, (string, Providers.Catalog.ApiKey)>());
            var (config, _) = BenchmarkCases.Parse(arguments.BenchmarkDotNet, InferenceConfig.Create(run, diagnoser, arguments.Artifacts, []))!.Value;
            BenchmarkCase[] rates = [.. RunnableCases.Select(BenchmarkCases.Convert(config).BenchmarksCases, run, filters, config, resume: true, log: null).Send];
            IReadOnlyList<CostEstimate> estimates = CaseEstimates.Of(rates, run, run.Measured);
            decimal left = ledger.BudgetUsd - ledger.Read().CommittedUsd;
            decimal worst = estimates.Sum(e => e.WorstCaseUsd);
            if (worst <= left)
            {
                Console.WriteLine(FormattableString.Invariant($"// Sweep estimate: {rates.Length} rate case(s), {estimates.Sum(e => e.Requests)} requests, expected ${estimates.Sum(e => e.ExpectedUsd):0.######}, worst case ${worst:0.######} of the ${left:0.######} left."));
                return null;
            }

            return FormattableString.Invariant($"The sweep's {rates.Length} rate case(s) could cost up to ${worst:0.######}, more than the ${left:0.######} the budget has left; its first phase is reported. Raise --budget, or lower --rate-seconds or --sweep.");
        }
    }

    /// <summary><c>--list</c> and <c>--info</c> are BenchmarkDotNet's to answer; nothing is sent.</summary>
    private static int BenchmarkDotNetOnly(RunArguments arguments, IConfig config)
    {
        BenchmarkSwitcher.FromTypes([BenchmarkCases.BenchmarkType]).Run([.. arguments.BenchmarkDotNet], config);
        return 0;
    }

    /// <summary>The suite's reports, as BenchmarkDotNet exporters of the run's summary, all from one run record.</summary>
    private static IExporter[] Exporters(
        Suite suite, RunContext run, RunArguments arguments, IReadOnlyList<string> filters, DateTimeOffset started,
        RequestMetricsDiagnoser diagnoser, BudgetLedger ledger, RateLimitBreaker breaker)
    {
        var report = new RunReport(summary => RunRecordBuilder.Build(
            suite, run, arguments, filters, started,
            [.. diagnoser.Results.Where(r => summary.BenchmarksCases.Contains(r.Case))],
            ledger.Read().SpentUsd, breaker.Tripped()));
        var history = new HistoryStore(Path.Combine(arguments.Artifacts, HistoryCommand.FileName));
        return SuiteExporter.All(report, run.Prompts, history);
    }

    /// <summary>Names the cases that measured nothing — every request failed or was stopped by the budget; true when there is one.</summary>
    private static bool ReportFailedCases(IReadOnlyList<CaseResult> results)
    {
        bool any = false;
        foreach (CaseResult result in results)
        {
            var summary = result.Summary;
            if (summary.Succeeded > 0 || summary.FailureCount == 0)
                continue;
            any = true;
            int stopped = summary.Failures.GetValueOrDefault(FailureKind.Budget);
            string classes = string.Join(", ", summary.Failures.Select(f => $"{f.Key}: {f.Value}"));
            Console.WriteLine(stopped == summary.FailureCount
                ? $"// Nothing was measured for {result.Case.Parameters.DisplayInfo}: the budget stopped all {stopped} of its requests (answers ran longer than the estimate); raise --budget or narrow --filter."
                : $"// Every measured request failed for {result.Case.Parameters.DisplayInfo} ({classes}): {summary.FirstFailureMessage}");
        }

        return any;
    }

    /// <summary>Names the cases whose requests left late: their figures measure this client as much as the server.</summary>
    private static void ReportClientBound(IReadOnlyList<CaseResult> results)
    {
        foreach (CaseResult bound in results.Where(r => r.Summary.IsClientBound))
            Console.WriteLine(FormattableString.Invariant($"// Client-bound: {bound.Case.Descriptor.WorkloadMethodDisplayInfo} {bound.Case.Parameters.DisplayInfo} — its requests left {bound.Summary.JudgedScheduleLagMs:0.00} ms ({(bound.Summary.ScheduleLagMs.Count >= CaseSummary.LagSamplesForP90 ? "p90" : "median")}; p99 {bound.Summary.ScheduleLagMs.P99:0.00} ms) after their intended send time, above the {CaseSummary.ClientBoundLagMs:0.#} ms this suite accepts; read 'TTFT from intended' beside TTFT."));
    }

    /// <summary>Each conversation case turn by turn, as the methodology tables them: how the history moved TTFT and cost.</summary>
    private static void ReportConversations(IReadOnlyList<CaseResult> results)
    {
        foreach (CaseResult conversation in results.Where(r => r.Summary.Turns.Count > 0))
        {
            Console.WriteLine($"// Conversation turn by turn: {conversation.Case.Parameters.DisplayInfo}");
            TurnTable.Of(conversation.Summary.Turns).WriteTo(Console.Out);
        }
    }

    private static void ReportSpend(BudgetLedger ledger, IReadOnlyList<CaseResult> results)
    {
        LedgerState state = ledger.Read();
        Console.WriteLine($"// Spent ${state.SpentUsd:0.000000} of the ${ledger.BudgetUsd:0.######} budget (ledger: {ledger.Path}).");
        foreach (CaseResult stopped in results.Where(r => r.Summary.Failures.ContainsKey(FailureKind.Budget)))
            Console.WriteLine($"// Stopped by the budget: {stopped.Case.Descriptor.WorkloadMethodDisplayInfo} {stopped.Case.Parameters.DisplayInfo}");
    }

    private static void ReportSkipped(RunContext run)
    {
        foreach (RunTarget target in run.Targets.Where(t => !t.IsConfigured).DistinctBy(t => t.Provider.Id))
            Console.WriteLine($"// skipping {target.Provider.Id}: {target.Problem}");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"speedkings: {message.TrimEnd('.')}.");
        return 2;
    }
}
