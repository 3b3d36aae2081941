namespace SpeedKings.Bench.Metrics.Statistics;

/// <summary>Summary of one measure over a case's requests: the quantiles reports show, with the sample size behind them.</summary>
internal sealed record Distribution(int Count, double Min, double P50, double P90, double P99, double Max, double Mean)
{
    public static readonly Distribution Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public static Distribution Of(IEnumerable<double> values)
    {
        double[] sorted = values.Where(double.IsFinite).ToArray();
        if (sorted.Length == 0)
            return Empty;
        Array.Sort(sorted);
        return new Distribution(
            sorted.Length,
            sorted[0],
            Percentile.OfSorted(sorted, 0.50),
            Percentile.OfSorted(sorted, 0.90),
            Percentile.OfSorted(sorted, 0.99),
            sorted[^1],
            sorted.Average());
    }

    /// <summary>True when the sample is too small for p90 to mean more than "the largest value seen".</summary>
    public bool IsSmallForP90 => !Percentile.IsSupportedBy(Count, 0.90);

    /// <summary>True when the sample is too small for p99 to mean more than "the largest value seen".</summary>
    public bool IsSmallForP99 => !Percentile.IsSupportedBy(Count, 0.99);
}
