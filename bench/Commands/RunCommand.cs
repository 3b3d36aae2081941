using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using System.Globalization;
using SpeedKings.Bench.Benchmarks;
using SpeedKings.Bench.Budgeting;
using SpeedKings.Bench.Calibration;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Diagnostics;
using SpeedKings.Bench.Faults;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Reporting;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Commands;

/// <summary>The benchmark run: checks the filter, starts the loopback reference, hands over to BenchmarkDotNet.</summary>
public static class RunCommand
{
    private static readonly Type[] BenchmarkTypes = [typeof(InferenceBenchmarks)];

    /// <returns>0: every case ran; 1: some case failed (its reports are still written); 2: bad input, nothing ran.</returns>
    public static async Task<int> RunAsync(string[] args, SuitePaths paths, SuiteData data, ProviderSettings settings, bool estimateOnly = false)
    {
        string[] arguments = [.. args];
        (RunOptions options, args) = RunOptions.Parse(args);
        var statuses = data.Catalog.Providers.Select(settings.Resolve).ToList();
        List<string> filters = FilterPreflight.FiltersIn(args);
        var preflight = new FilterPreflight(statuses, data.Prompts.Prompts.Select(p => p.Id).ToList(), BenchmarkNames());
        if (preflight.Problem(filters) is { } problem)
        {
            await Console.Error.WriteLineAsync($"speedkings: {problem}");
            return 2;
        }

        ReportSkipped(statuses);
        var planner = new RunPlanner(data, statuses, preflight);
        BudgetPlan plan = planner.Plan(options, filters);
        EstimateTable.Write(plan, Console.Out);
        if (plan.IsRefused)
        {
            await Console.Error.WriteLineAsync($"speedkings: {plan.Refusal}.");
            return 2;
        }

        if (estimateOnly || options.DryRun)
            return 0;

        if (filters.Count == 0)
            args = [.. args, "--filter", "*"]; // no interactive menu: a bare run benchmarks everything available

        DateTimeOffset started = DateTimeOffset.UtcNow;
        string artifacts = ArtifactsPath(ref args, paths);
        bool resume = args.Contains(ResumedRun.Option);
        args = [.. args.Where(a => a != ResumedRun.Option)];
        string runFolder = RunFolder(artifacts, resume);
        await HarnessSelfCheck.RunAsync(Path.Combine(runFolder, "harness-self-check.json"), Console.Out);

        await using LoopbackServer? loopback = await EmbeddedLoopback.StartIfNeededAsync(data.Catalog);
        if (loopback is not null)
            Console.WriteLine($"// loopback = embedded reference server at {loopback.OpenAiBaseAddress} ({loopback.Schedule.Describe()}); its rows measure the harness, not a provider.");

        var ledger = new BudgetLedger(Path.Combine(runFolder, "budget-ledger.txt"), options.BudgetUsd);
        Environment.SetEnvironmentVariable(RunBudget.LedgerVariable, ledger.Path);
        Environment.SetEnvironmentVariable(BudgetSetting.Variable, options.BudgetUsd.ToString(CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable(ConcurrencyLevels.Variable, ConcurrencyLevels.Format(options.Concurrency));
        Environment.SetEnvironmentVariable(RequestTimeout.Variable, options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        var breaker = new RateLimitBreaker(Path.Combine(runFolder, "rate-limited.txt"));
        Environment.SetEnvironmentVariable(RateLimitBreaker.Variable, Path.Combine(runFolder, "rate-limited.txt"));

        var diagnoser = new RequestMetricsDiagnoser(runFolder, loopback is null ? null : record => EmbeddedLoopback.HarnessError(loopback, record));
        var config = InferenceConfig.Create(
            artifacts, diagnoser, target => DescribeTarget(data, settings, target),
            options.Warmup, plan.Measured, planner.ColdTargets(plan), ConcurrentTargets(statuses));
        if (resume)
            config.AddFilter(new ResumedRun(runFolder).UnfinishedOnly(Console.Out));

        Summary[] summaries = BenchmarkSwitcher.FromTypes(BenchmarkTypes).Run(args, config).ToArray();
        ReportSpend(ledger, diagnoser);
        foreach (string provider in breaker.Tripped().Order(StringComparer.Ordinal))
            Console.WriteLine($"// {provider} kept answering 429 (rate limited): it was skipped for the rest of the run after {RateLimitBreaker.ConsecutiveLimit} refused requests in a row.");
        bool allFailed = ReportFailedCases(diagnoser);
        WriteRunRecord(RunRecordBuilder.Build(
            paths, data, options, plan.Measured, filters, arguments, started, diagnoser.Results, ledger.Read().SpentUsd, breaker.Tripped(), HarnessSelfCheck.Last),
            Path.Combine(artifacts, "results"), data, new HistoryStore(Path.Combine(artifacts, HistoryCommand.FileName)));
        bool ran = summaries.Length > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success));
        return ran && !allFailed ? 0 : 1;
    }

    /// <summary>The run record, the methodology write-up and the overlay table, beside BenchmarkDotNet's reports; its medians go into the history store.</summary>
    private static void WriteRunRecord(RunRecord record, string results, SuiteData data, HistoryStore history)
    {
        string json = RunRecordFile.Save(record, results);
        history.Add(record, json);
        File.WriteAllText(Path.Combine(results, $"speedkings-methodology-{record.RunId}.md"), MethodologyWriter.Markdown(record, data));
        File.WriteAllText(Path.Combine(results, $"speedkings-overlay-{record.RunId}.md"), OverlayTable.Markdown(record));
        IReadOnlyList<string> charts;
        try
        {
            charts = RunCharts.Save(record, results);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TypeInitializationException or DllNotFoundException)
        {
            // A machine without the native graphics pieces still gets every table; the run's results are never lost to a chart.
            Console.WriteLine($"// Charts could not be drawn here ({e.GetType().Name}: {e.Message.Split('\n')[0]}); the tables are complete.");
            charts = [];
        }

        string page = RunPage.Save(record, charts, MethodologyWriter.Caveats(record), results);
        Console.WriteLine($"// Run record: {json} (methodology, overlay table and {charts.Count} charts beside it).");
        Console.WriteLine($"// Report page: {page}");
    }

    private static HashSet<string> ConcurrentTargets(IEnumerable<ProviderStatus> statuses)
        => statuses.Where(s => s.IsConfigured && RunPlanner.TakesConcurrency(s.Descriptor.Kind))
            .SelectMany(ProviderTarget.Of)
            .Select(t => t.ParamValue)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Names the cases whose every measured request failed; true when there is one.</summary>
    private static bool ReportFailedCases(RequestMetricsDiagnoser diagnoser)
    {
        bool any = false;
        foreach (var (benchmark, summary) in diagnoser.Summaries)
        {
            int failed = summary.FailureCount - summary.Failures.GetValueOrDefault(Metrics.Records.FailureKind.Budget);
            if (summary.Succeeded > 0 || failed == 0)
                continue;
            any = true;
            string classes = string.Join(", ", summary.Failures.Select(f => $"{f.Key}: {f.Value}"));
            Console.WriteLine($"// Every measured request failed for {benchmark.Parameters.DisplayInfo} ({classes}): {summary.FirstFailureMessage}");
        }

        return any;
    }

    private static void ReportSpend(BudgetLedger ledger, RequestMetricsDiagnoser diagnoser)
    {
        LedgerState state = ledger.Read();
        Console.WriteLine($"// Spent ${state.SpentUsd:0.000000} of the ${ledger.BudgetUsd:0.######} budget (ledger: {ledger.Path}).");
        var stopped = diagnoser.Summaries
            .Where(s => s.Value.Failures.ContainsKey(Metrics.Records.FailureKind.Budget))
            .Select(s => $"{s.Key.Descriptor.WorkloadMethodDisplayInfo} {s.Key.Parameters.DisplayInfo}")
            .ToList();
        foreach (string name in stopped)
            Console.WriteLine($"// Stopped by the budget: {name}");
    }

    /// <summary>
    /// The artifacts folder: <c>--artifacts</c> if given (made absolute against the folder the user ran from, since
    /// run.sh changes directory), else BenchmarkDotNet.Artifacts at the repository root.
    /// </summary>
    /// <summary>
    /// A new records folder per run; with <c>--resume</c>, the latest one, so the resumed run appends to the same
    /// records and spends from the same ledger (the budget covers both halves together).
    /// </summary>
    private static string RunFolder(string artifacts, bool resume)
    {
        string records = Path.Combine(artifacts, "records");
        if (resume && Directory.Exists(records)
            && Directory.GetDirectories(records).Order(StringComparer.Ordinal).LastOrDefault() is { } latest)
        {
            Console.WriteLine($"// Resuming: records and budget ledger continue in {latest}.");
            return latest;
        }

        return Path.Combine(records, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
    }

    private static string ArtifactsPath(ref string[] args, SuitePaths paths)
    {
        int index = Array.IndexOf(args, "--artifacts");
        if (index < 0 || index + 1 >= args.Length)
            return paths.Artifacts;
        args[index + 1] = paths.FromInvocation(args[index + 1]);
        return args[index + 1];
    }

    private static void ReportSkipped(IEnumerable<ProviderStatus> statuses)
    {
        foreach (ProviderStatus status in statuses.Where(s => !s.IsConfigured))
            Console.WriteLine($"// skipping {status.Descriptor.Id}: {status.Problem}");
    }

    private static string DescribeTarget(SuiteData data, ProviderSettings settings, string paramValue)
    {
        var target = ProviderTarget.Parse(paramValue);
        ProviderDescriptor descriptor = data.Catalog.Find(target.ProviderId);
        if (descriptor.Kind == ProviderKind.Reference)
            return EmbeddedLoopback.Describe(descriptor);
        return target.Model ?? settings.Resolve(descriptor).Endpoint?.Model ?? descriptor.DefaultModel;
    }

    private static List<string> BenchmarkNames()
        => BenchmarkTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
                .Select(m => $"{t.FullName}.{m.Name}"))
            .ToList();
}
