using SpeedKings.Bench.Diagnosers;

namespace SpeedKings.Bench.Load;

/// <summary>
/// What <c>--sweep</c> measures between its two phases: first each provider and prompt one request at a time and
/// with its cap of streams all at once, then request rates evenly spaced from the first's throughput up to the
/// second's — so the curve starts unloaded and ends at saturation, for each provider at its own scale.
/// </summary>
internal static class SweepPlan
{
    public const int DefaultPoints = 6;

    public const int MostPoints = 20;

    /// <summary>
    /// The rates after the first phase, per provider and prompt: <paramref name="points"/> from one-at-a-time to the
    /// most throughput, that one included, each to three significant figures. Where the streams at once did no better
    /// than one at a time (a serial engine), the top is half as much again, so the curve still reaches overload.
    /// </summary>
    public static IReadOnlyList<SweepRange> From(IEnumerable<CaseResult> firstPhase, int maxConcurrency, int points)
    {
        var ranges = new List<SweepRange>();
        foreach (var group in firstPhase.GroupBy(r => (r.Params.Provider, r.Params.Prompt)))
        {
            double? oneAtATime = group.FirstOrDefault(r => r.Params is { Concurrency: 1, IsOpenLoop: false })?.Summary.RequestsPerSecond;
            double? most = group.FirstOrDefault(r => !r.Params.IsOpenLoop && r.Params.Concurrency == maxConcurrency)?.Summary.RequestsPerSecond;
            if (oneAtATime is not > 0 || most is not > 0)
            {
                ranges.Add(new SweepRange(group.Key.Provider, group.Key.Prompt, oneAtATime, most, []));
                continue;
            }

            double top = most.Value > oneAtATime.Value * 1.05 ? most.Value : oneAtATime.Value * 1.5;
            double[] rates = [.. Enumerable.Range(1, points)
                .Select(i => ThreeFigures(oneAtATime.Value + (top - oneAtATime.Value) * i / points))
                .Where(r => r > 0 && r <= RequestRates.Most)
                .Distinct()];
            ranges.Add(new SweepRange(group.Key.Provider, group.Key.Prompt, oneAtATime, most, rates));
        }

        return ranges;
    }

    /// <summary>The key the run context keeps a provider's and prompt's sweep rates under.</summary>
    public static string Key(string provider, string prompt) => $"{provider}|{prompt}";

    /// <summary>The rates a sweep measures, <c>--sweep-points</c>.</summary>
    public static int ParsePoints(string text) => CommandLine.OptionParsing.Count(text, "--sweep-points", 2, MostPoints);

    private static double ThreeFigures(double value)
    {
        int decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(value)));
        return Math.Round(value, Math.Min(decimals, 3));
    }
}

/// <summary>One provider's and prompt's sweep: its first phase's throughputs and the rates they gave.</summary>
/// <param name="OneAtATimePerSecond">Requests per second with one stream; null when that case measured nothing.</param>
/// <param name="MostPerSecond">Requests per second with the cap of streams all at once; null when that case measured nothing.</param>
internal sealed record SweepRange(string Provider, string Prompt, double? OneAtATimePerSecond, double? MostPerSecond, IReadOnlyList<double> Rates);
