using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Merging;

/// <summary>
/// Combines run records — the shards of one run, runs from several regions, or one run repeated over hours — into one
/// run record. A case is its provider, model, prompt and load, and its region where the runs came from more than one:
/// its figures are recomputed from the pooled per-request samples by the code a single run uses, so they are exact
/// (a percentile of the union, never an average of percentiles). Spend, budgets, warmups and retries add up.
/// </summary>
internal static class RunMerge
{
    /// <param name="priceOf">The price of a provider's model on a day, for the blended price; null where none is known.</param>
    /// <exception cref="ArgumentException">One sentence: no run to merge, or runs that cannot be compared.</exception>
    public static RunRecord Merge(IReadOnlyList<RunRecord> runs, string runId, Func<string, string, DateOnly, Price?> priceOf)
    {
        if (runs.Count == 0)
            throw new ArgumentException("no run record to merge: give folders that hold speedkings-run-*.json files (a run's results folder, or a shared output volume)");
        if (runs.Select(r => r.Schema).Distinct().Skip(1).Any())
            throw new ArgumentException($"the run records are of different schemas ({string.Join(", ", runs.Select(r => r.Schema).Distinct())}); merge runs of one suite version");

        // A merge among its own inputs already holds them: keep the merge, not its sources twice.
        HashSet<string> merged = [.. runs.SelectMany(r => r.Sources).Select(s => s.RunId)];
        RunRecord[] ordered = [.. runs.Where(r => r.Sources.Count > 0 || !merged.Contains(r.RunId)).OrderBy(r => r.StartedUtc).ThenBy(r => r.RunId, StringComparer.Ordinal)];
        RunRecord first = ordered[0];
        bool byRegion = ordered.Select(r => r.Environment.Region).Distinct().Skip(1).Any();
        string? slo = ordered.Select(r => r.Config.ServiceLevels).Distinct().SingleOrDefault(); // goodput only when every run judged it alike

        CaseRecord[] cases = [.. ordered
            .SelectMany(r => r.Cases.Select(c => (Run: r, Case: c)))
            .GroupBy(x => (Region: byRegion ? x.Run.Environment.Region : null, x.Case.Provider, x.Case.Model, x.Case.Prompt, x.Case.Concurrency, x.Case.Rate))
            .Select(g => Combine([.. g], g.Key.Region, slo is null ? null : ServiceLevels.Parse(slo, "the runs' --slo"), priceOf))];

        var record = new RunRecord
        {
            RunId = runId,
            StartedUtc = first.StartedUtc,
            FinishedUtc = ordered.Max(r => r.FinishedUtc),
            TimeOfDay = first.TimeOfDay,
            Suite = first.Suite,
            Environment = first.Environment with
            {
                Region = Joined(ordered.Select(r => r.Environment.Region), "no region"),
                Host = Joined(ordered.Select(r => r.Environment.Host), "unknown host"),
            },
            Config = first.Config with { BudgetUsd = ordered.Sum(r => r.Config.BudgetUsd), ServiceLevels = slo },
            Data = first.Data,
            HarnessSelfCheck = first.HarnessSelfCheck,
            NetworkRttMs = Rtt(ordered, byRegion),
            SpentUsd = ordered.Sum(r => r.SpentUsd),
            RateLimitedProviders = [.. ordered.SelectMany(r => r.RateLimitedProviders).Distinct().Order(StringComparer.Ordinal)],
            Cases = [.. RunRecordBuilder.InReportOrder(cases)],
            Sources = [.. ordered.SelectMany(Sources).OrderBy(s => s.StartedUtc).ThenBy(s => s.RunId, StringComparer.Ordinal)],
        };
        return RunRecordBuilder.WithKnees(record);
    }

    private static CaseRecord Combine(IReadOnlyList<(RunRecord Run, CaseRecord Case)> parts, string? region, ServiceLevels? slo, Func<string, string, DateOnly, Price?> priceOf)
    {
        CaseRecord first = parts[0].Case;
        if (parts.Any(p => !p.Case.KeepsRequests))
            return FromHistograms(parts, region);
        RequestRecord[] measured = [.. parts.SelectMany(p => p.Case.Requests)];
        double? seconds = parts.All(p => p.Case.Figures.MeasuredSeconds is not null) ? parts.Sum(p => p.Case.Figures.MeasuredSeconds!.Value) : null;
        // Warmup requests are not kept in a record: what they spent and any model load they met come from each part.
        CaseSummary summary = CaseSummary.From(measured, measured, slo, seconds) with
        {
            TotalCostUsd = parts.Sum(p => p.Case.Figures.TotalCostUsd),
            ModelLoadMs = parts.Select(p => p.Case.Figures.ModelLoadMs).Max(),
        };
        DateTimeOffset started = parts[0].Run.StartedUtc;
        CaseFigures figures = RunRecordBuilder.Figures(
            summary, measured, priceOf(first.Provider, first.Model, DateOnly.FromDateTime(started.UtcDateTime)), started,
            parts.Count == 1 ? first.Figures.Engine : null); // an engine's gauges over two runs are two runs' gauges: not one figure

        return first with
        {
            Figures = figures,
            Failures = summary.Failures,
            FirstFailure = summary.FirstFailureMessage,
            Retries = parts.Sum(p => p.Case.Retries),
            WarmupRequests = parts.Sum(p => p.Case.WarmupRequests),
            Requests = measured,
            Region = region,
            Name = Named(first, region),
            Histograms = CaseHistograms.Of(measured),
            Tier = parts.Select(p => p.Case.Tier).Distinct().Count() == 1 ? first.Tier : null,
        };
    }

    /// <summary>
    /// A case some of whose runs kept histograms instead of requests: percentiles from the pooled histograms (within
    /// their 0.1 %), counts and money summed, means weighted by requests; what only requests can give is left out.
    /// </summary>
    private static CaseRecord FromHistograms(IReadOnlyList<(RunRecord Run, CaseRecord Case)> parts, string? region)
    {
        if (parts.FirstOrDefault(p => p.Case.Histograms is null) is { Case: not null } bare)
            throw new ArgumentException($"{bare.Case.Name} of run {bare.Run.RunId} keeps neither all its requests nor its histograms, so it cannot be merged exactly; merge it with runs of a suite version that records histograms");
        CaseHistograms pooled = CaseHistograms.Merge([.. parts.Select(p => p.Case.Histograms!)]);
        CaseFigures[] each = [.. parts.Select(p => p.Case.Figures)];
        int succeeded = each.Sum(f => f.Succeeded);
        double Weighted(Func<CaseFigures, double> figure) => succeeded == 0 ? double.NaN : each.Sum(f => figure(f) * f.Succeeded) / succeeded;
        decimal? cost = each.All(f => f.CostPerRequestUsd is not null) && succeeded > 0 ? each.Sum(f => f.CostPerRequestUsd!.Value * f.Succeeded) / succeeded : null;
        double? seconds = each.All(f => f.MeasuredSeconds is not null) ? each.Sum(f => f.MeasuredSeconds!.Value) : null;
        CaseRecord first = parts[0].Case;
        var figures = new CaseFigures(
            each.Sum(f => f.Measured), succeeded, each.Sum(f => f.EstimatedTokens), each.Sum(f => f.ThrottleSuspects),
            pooled.TtftMs(50), pooled.TtftMs(90), pooled.TtftMs(99), double.NaN,
            pooled.OutputTokensPerSecond(50), pooled.OutputTokensPerSecond(90), pooled.EndToEndMs(50),
            Weighted(f => f.OutputTokensMean), Weighted(f => f.InputTokensMean), cost, each.Sum(f => f.TotalCostUsd), null,
            each.Select(f => f.ModelLoadMs).Max(),
            Truncated: each.Sum(f => f.Truncated),
            HttpVersions: [.. each.SelectMany(f => f.HttpVersions ?? []).Distinct().Order(StringComparer.Ordinal)],
            RequestsPerSecond: seconds > 0 ? succeeded / seconds : null,
            MeasuredSeconds: seconds);
        var failures = new Dictionary<FailureKind, int>();
        foreach ((FailureKind kind, int count) in parts.SelectMany(p => p.Case.Failures))
            failures[kind] = failures.GetValueOrDefault(kind) + count;
        return first with
        {
            Figures = figures,
            Failures = failures,
            FirstFailure = parts.Select(p => p.Case.FirstFailure).FirstOrDefault(f => f is not null),
            Retries = parts.Sum(p => p.Case.Retries),
            WarmupRequests = parts.Sum(p => p.Case.WarmupRequests),
            Requests = [],
            Region = region,
            Name = Named(first, region),
            Histograms = pooled,
            FromHistograms = true,
        };
    }

    // Null when no run named one: "no region" is not a region.
    private static string? Joined(IEnumerable<string?> names, string missing)
        => names.All(n => n is null) ? null : string.Join(", ", names.Select(n => n ?? missing).Distinct());

    private static string Named(CaseRecord k, string? region) => region is null ? k.Name : $"{k.Name} @{region}";

    // Round trips are per client: by region where regions differ.
    private static IReadOnlyDictionary<string, double>? Rtt(IEnumerable<RunRecord> runs, bool byRegion)
    {
        var rtt = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (RunRecord run in runs)
        {
            foreach ((string provider, double ms) in run.NetworkRttMs ?? new Dictionary<string, double>())
                rtt.TryAdd(byRegion ? $"{run.Environment.Region ?? "no region"}/{provider}" : provider, ms);
        }

        return rtt.Count == 0 ? null : rtt;
    }

    // A merge of merges keeps the original runs.
    private static IEnumerable<RunSource> Sources(RunRecord run) => run.Sources.Count > 0
        ? run.Sources
        : [new RunSource(run.RunId, run.Shard, run.Environment.Region, run.Environment.Host, run.StartedUtc, run.SpentUsd, run.Config.BudgetUsd)];
}
