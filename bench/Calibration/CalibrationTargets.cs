using System.Globalization;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// The error budget the suite holds its own client to, checked against a calibration's levels. Each line says the
/// figure, the target and whether it is met — or by how much it is missed.
/// </summary>
internal static class CalibrationTargets
{
    public static IEnumerable<string> Check(IReadOnlyList<LevelResult> levels, string client)
    {
        var ours = levels.Where(l => l.Client == client).ToList();
        var culture = CultureInfo.InvariantCulture;

        foreach (LevelResult level in ours.Where(l => l.Concurrency is 1 or 256 && l.TtftErrorMs.Count > 0).DistinctBy(l => (l.Concurrency, l.Protocol)))
        {
            double target = level.Concurrency == 1 ? 0.5 : 2.0;
            yield return Line(culture, $"TTFT error p99 with {level.Concurrency} stream(s), {level.TokensPerChunk} tok/chunk, {level.Protocol}", level.TtftErrorMs.P99, target, "ms");
        }

        foreach (LevelResult level in ours.Where(l => l.Concurrency == 1 && l.SpeedErrorPercent.Count > 0).DistinctBy(l => l.TokensPerChunk).OrderBy(l => l.TokensPerChunk))
            yield return Line(culture, $"Output-speed error (max) at {level.TokensPerChunk} tok/chunk", level.SpeedErrorPercent.Max, 1.0, "%");

        foreach (LevelResult level in ours.Where(l => l.Concurrency >= 1000))
        {
            yield return Line(culture, $"Peak managed heap of the process with {level.Concurrency} concurrent streams, {level.Protocol} (the tokenizer included)", level.Load.PeakManagedHeapMb, 80, "MB");
            yield return Line(culture, $"Live heap the {level.Concurrency} streams hold, {level.Protocol} (full collections while they run)", level.LiveHeapGrowthMb, 50, "MB");
            yield return string.Format(culture, "Heap growth sampled without collecting, {0}: {1:0.###} MB (garbage not yet collected included).", level.Protocol, level.Load.HeapGrowthMb);
        }

        int lost = ours.Sum(l => l.LostOrMisattributed);
        yield return lost == 0
            ? $"Lost or mis-attributed streams: none of {ours.Sum(l => l.Streams)} — meets the target (none)."
            : $"Lost or mis-attributed streams: {lost} of {ours.Sum(l => l.Streams)} — MISSES the target (none).";
    }

    private static string Line(CultureInfo culture, string what, double value, double target, string unit)
        => value <= target
            ? string.Format(culture, "{0}: {1:0.###} {3} — meets the target (≤ {2} {3}).", what, value, target, unit)
            : string.Format(culture, "{0}: {1:0.###} {3} — MISSES the target (≤ {2} {3}) by {4:0.###} {3}.", what, value, target, unit, value - target);
}
