namespace SpeedKings.Bench.Metrics.Statistics;

/// <summary>
/// Percentiles by linear interpolation between closest ranks: Hyndman &amp; Fan's definition 7, the default of R,
/// NumPy and Excel's PERCENTILE.INC. Reports name it so readers can reproduce every figure.
/// </summary>
internal static class Percentile
{
    public const string EstimatorName = "Hyndman–Fan type 7 (linear interpolation, as NumPy's default)";

    /// <summary>The <paramref name="p"/>-quantile (0 ≤ p ≤ 1) of values already sorted ascending.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1.0);
        if (sorted.IsEmpty)
            return double.NaN;

        double h = (sorted.Length - 1) * p;
        int lower = (int)Math.Floor(h);
        if (lower >= sorted.Length - 1)
            return sorted[^1];
        return sorted[lower] + ((h - lower) * (sorted[lower + 1] - sorted[lower]));
    }

    /// <summary>
    /// Whether a sample is large enough for the <paramref name="p"/>-quantile to be more than its maximum:
    /// at least 1 / (1 − p) values (10 for p90, 100 for p99). Smaller samples are said to be small.
    /// </summary>
    public static bool IsSupportedBy(int sampleSize, double p) => sampleSize >= Math.Ceiling(1.0 / (1.0 - p) - 1e-9);
}
