namespace SpeedKings.Bench.Metrics.Statistics;

/// <summary>
/// The Mann–Whitney U test (Wilcoxon rank-sum), two-sided: do two samples come from distributions where one tends to
/// be larger? Rank-based, so a few outliers cannot carry it, and exact for the small samples paid benchmarks have:
/// the p-value is counted from the U distribution when there are no ties and both samples have at most 50 values,
/// otherwise it is the normal approximation with the tie correction.
/// </summary>
internal static class MannWhitney
{
    private const int ExactLimit = 50;

    /// <summary>The two-sided p-value, or null when either sample is empty.</summary>
    public static double? PValue(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        int m = a.Count, n = b.Count;
        if (m == 0 || n == 0)
            return null;

        (double u, bool ties, double tieTerm) = UStatistic(a, b);
        if (!ties && m <= ExactLimit && n <= ExactLimit)
            return Exact(u, m, n);

        double mean = m * n / 2.0;
        double variance = m * n / 12.0 * ((m + n + 1) - tieTerm / ((m + n) * (double)(m + n - 1)));
        if (variance <= 0)
            return 1.0; // every value equal
        double z = (Math.Abs(u - mean) - 0.5) / Math.Sqrt(variance); // continuity correction
        return Math.Min(1.0, 2 * UpperNormalTail(Math.Max(z, 0)));
    }

    /// <summary>
    /// The smallest two-sided p-value samples of these sizes can ever give: 2 / C(m+n, m). With 3 and 3 it is 0.1, so
    /// no difference between two such samples can be significant at 0.05.
    /// </summary>
    public static double SmallestPossiblePValue(int m, int n)
    {
        double combinations = 1;
        for (int i = 1; i <= m; i++)
            combinations = combinations * (n + i) / i;
        return Math.Min(1.0, 2 / combinations);
    }

    /// <summary>U of the first sample (pairs where a beats b, ties half), whether there were ties, and Σ(t³ − t) over tie groups.</summary>
    private static (double U, bool Ties, double TieTerm) UStatistic(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var all = a.Select(v => (Value: v, First: true)).Concat(b.Select(v => (Value: v, First: false))).OrderBy(x => x.Value).ToArray();
        double rankSumA = 0, tieTerm = 0;
        bool ties = false;
        for (int i = 0; i < all.Length;)
        {
            int j = i;
            while (j + 1 < all.Length && all[j + 1].Value == all[i].Value)
                j++;
            double rank = (i + j + 2) / 2.0; // ranks are 1-based; a tie group shares its mean rank
            int size = j - i + 1;
            if (size > 1)
            {
                ties = true;
                tieTerm += (double)size * size * size - size;
            }

            for (int k = i; k <= j; k++)
            {
                if (all[k].First)
                    rankSumA += rank;
            }

            i = j + 1;
        }

        return (rankSumA - a.Count * (a.Count + 1) / 2.0, ties, tieTerm);
    }

    /// <summary>Exact two-sided p from the count of arrangements giving each U (no ties).</summary>
    private static double Exact(double u, int m, int n)
    {
        // ways[k] = arrangements of m and n values with U = k, built one value at a time.
        var ways = new double[m + 1, n + 1][];
        for (int i = 0; i <= m; i++)
        {
            for (int j = 0; j <= n; j++)
            {
                var counts = new double[i * j + 1];
                if (i == 0 || j == 0)
                {
                    counts[0] = 1;
                }
                else
                {
                    // The largest value is from the first sample (it beats all j of the second) or from the second.
                    double[] firstLargest = ways[i - 1, j], secondLargest = ways[i, j - 1];
                    for (int k = 0; k < counts.Length; k++)
                        counts[k] = (k - j >= 0 && k - j < firstLargest.Length ? firstLargest[k - j] : 0) + (k < secondLargest.Length ? secondLargest[k] : 0);
                }

                ways[i, j] = counts;
            }
        }

        double[] distribution = ways[m, n];
        double total = distribution.Sum();
        int observed = (int)Math.Round(u);
        double lower = distribution.Take(observed + 1).Sum() / total;
        double upper = distribution.Skip(observed).Sum() / total;
        return Math.Min(1.0, 2 * Math.Min(lower, upper));
    }

    /// <summary>P(Z ≥ z) for a standard normal Z (Abramowitz–Stegun 7.1.26 for erfc; error below 1.5e-7).</summary>
    private static double UpperNormalTail(double z)
    {
        double x = z / Math.Sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-x * x);
        return erfc / 2;
    }
}
