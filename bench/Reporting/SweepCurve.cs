using SpeedKings.Bench.Load;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// A sweep's latency–throughput curve for one provider, model and prompt: its one-at-a-time case, its rates and its
/// cap of streams all at once, in order of load, and the knee — the most throughput it gave while the TTFT a user
/// waited (from the intended send time) stayed within <see cref="KneeFactor"/> times the unloaded one.
/// </summary>
internal sealed record SweepCurve(string Provider, string Model, string Prompt, double UnloadedTtftMs, IReadOnlyList<CaseRecord> Points, CaseRecord? Knee)
{
    /// <summary>How much TTFT may grow over the unloaded one before the load is past the knee.</summary>
    public const double KneeFactor = 2;

    public static IReadOnlyList<SweepCurve> Of(RunRecord run)
    {
        if (run.Config.Sweep is null)
            return [];
        var curves = new List<SweepCurve>();
        foreach (var group in run.Cases.GroupBy(k => (k.Provider, k.Model, k.Prompt)))
        {
            CaseRecord? unloaded = group.FirstOrDefault(k => k is { Rate: null, Concurrency: 1 });
            if (unloaded is null || !(unloaded.Figures.TtftP50 > 0))
                continue;
            CaseRecord[] points = [.. group.Where(k => k.Figures.Succeeded > 0).OrderBy(Offered)];
            CaseRecord? knee = points
                .Where(k => TtftAsWaited(k) <= KneeFactor * unloaded.Figures.TtftP50)
                .MaxBy(k => k.Figures.RequestsPerSecond ?? 0);
            curves.Add(new SweepCurve(group.Key.Provider, group.Key.Model, group.Key.Prompt, unloaded.Figures.TtftP50, points, knee));
        }

        return curves;
    }

    /// <summary>TTFT as the user waited for it: from the intended send time where the case had one.</summary>
    public static double TtftAsWaited(CaseRecord k)
        => double.IsNaN(k.Figures.TtftFromIntendedP50) ? k.Figures.TtftP50 : k.Figures.TtftFromIntendedP50;

    /// <summary>Order of load: one stream, then the rates, then the streams all at once (an unbounded rate).</summary>
    private static double Offered(CaseRecord k) => k.Rate is { } rate ? RequestRates.PerSecond(rate) : k.Concurrency == 1 ? 0 : double.PositiveInfinity;
}
