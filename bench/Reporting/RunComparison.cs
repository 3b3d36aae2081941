using System.Globalization;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// Two runs, case by case: each metric's median before and after, its relative change, and the Mann–Whitney U test on
/// the per-request samples. A change is called only when it is both significant (p &lt; <see cref="Alpha"/>) and at
/// least the threshold; samples too small to ever reach significance are said to be so.
/// </summary>
internal sealed class RunComparison(RunRecord before, RunRecord after, double thresholdPercent)
{
    public const double Alpha = 0.05;

    private static readonly (string Name, Func<RequestRecord, double?> Sample, bool LowerIsBetter, string Format)[] Metrics =
    [
        ("TTFT p50 (ms)", r => r.FirstTokenMs, true, "0.0"),
        ("Out tok/s p50", r => r.OutputTokensPerSecond, false, "0.0"),
        ("E2E p50 (ms)", r => r.LastTokenMs, true, "0.0"),
        ("TPOT p50 (ms)", r => r.TimePerOutputTokenMs, true, "0.000"),
        ("ITL p50 (ms)", r => r.InterEventGapMedianMs, true, "0.00"),
        ("TTFT from intended p50 (ms)", r => r.FirstTokenFromIntendedMs, true, "0.0"),
        ("$/request", r => (double?)r.CostUsd, true, "0.000000"),
    ];

    // A task's own figures, compared only where a compared case has them: chat-only runs keep the common columns alone.
    private static readonly (string Name, Func<RequestRecord, double?> Sample, bool LowerIsBetter, string Format)[] TaskMetrics =
    [
        ("Inputs/s p50", r => r.InputsPerSecond, false, "0.0"),
        ("First tool delta p50 (ms)", r => r.FirstToolCallMs, true, "0.0"),
        ("Args done p50 (ms)", r => r.ToolArgumentsDoneMs, true, "0.0"),
    ];

    /// <summary>The metrics every comparison has.</summary>
    public static IReadOnlyList<string> MetricNames => [.. Metrics.Select(m => m.Name)];

    /// <summary>This comparison's columns: every metric, and a task's own where a case of both runs has it.</summary>
    public IReadOnlyList<string> Names => [.. Compared.Select(m => m.Name)];

    private IEnumerable<(string Name, Func<RequestRecord, double?> Sample, bool LowerIsBetter, string Format)> Compared
        => Metrics.Concat(TaskMetrics.Where(m => after.Cases.Concat(before.Cases).Any(k => k.Requests.Any(r => m.Sample(r) is not null))));

    public RunRecord Before => before;

    public RunRecord After => after;

    /// <summary>One row per case present in both runs: the case name and a cell per metric.</summary>
    public IEnumerable<(string Case, string[] Cells)> Rows()
    {
        var earlier = before.Cases.ToDictionary(Key);
        foreach (CaseRecord later in after.Cases)
        {
            if (!earlier.TryGetValue(Key(later), out CaseRecord? first))
                continue;
            yield return (later.Name, [.. Compared.Select(m => Cell(first, later, m.Sample, m.LowerIsBetter, m.Format))]);
        }
    }

    /// <summary>What a reader must know before trusting the table.</summary>
    public IEnumerable<string> Notes()
    {
        if (before.TimeOfDay != after.TimeOfDay)
            yield return $"The runs fall in different traffic periods ({before.TimeOfDay} and {after.TimeOfDay}): latency changes may be load, not the provider.";
        var only = before.Cases.Select(Key).Except(after.Cases.Select(Key)).Concat(after.Cases.Select(Key).Except(before.Cases.Select(Key))).ToList();
        if (only.Count > 0)
            yield return $"{only.Count} case(s) ran in only one of the runs and are not compared.";
        yield return $"A change is named only when the Mann–Whitney U test gives p < {Alpha} on the per-request samples and the medians differ by at least {thresholdPercent:0.#} %.";
    }

    private string Cell(CaseRecord first, CaseRecord later, Func<RequestRecord, double?> sample, bool lowerIsBetter, string format)
    {
        double[] a = Samples(first, sample), b = Samples(later, sample);
        if (a.Length == 0 || b.Length == 0)
            return "n/a";
        var c = CultureInfo.InvariantCulture;
        double medianA = Distribution.Of(a).P50, medianB = Distribution.Of(b).P50;
        double change = medianA == 0 ? 0 : (medianB - medianA) / medianA * 100;
        string figures = string.Format(c, "{0} → {1} ({2:+0.0;-0.0;0.0} %)", medianA.ToString(format, c), medianB.ToString(format, c), change);
        if (MannWhitney.SmallestPossiblePValue(a.Length, b.Length) >= Alpha)
            return $"{figures} too few samples ({a.Length} vs {b.Length}) to conclude";
        double p = MannWhitney.PValue(a, b) ?? 1;
        if (p >= Alpha || Math.Abs(change) < thresholdPercent)
            return string.Format(c, "{0} no significant change (p = {1:0.000})", figures, p);
        bool better = lowerIsBetter ? change < 0 : change > 0;
        return string.Format(c, "{0} {1} (p = {2:0.000})", figures, better ? "better" : "worse", p);
    }

    private static double[] Samples(CaseRecord k, Func<RequestRecord, double?> sample)
        => [.. k.Requests.Where(r => r.Succeeded && !r.IsColdStart).Select(sample).Where(v => v is not null && !double.IsNaN(v.Value)).Select(v => v!.Value)];

    private static string Key(CaseRecord k) => $"{k.Provider}|{k.Model}|{k.Prompt}|{k.Load}";
}
