using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Tests.Metrics.Statistics;

/// <summary>Against values worked out by hand from the U distribution.</summary>
public class MannWhitneyTests
{
    [Fact]
    public void Fully_separated_samples_of_three_give_the_smallest_possible_p()
    {
        // Exact: U = 0 is 1 arrangement of C(6,3) = 20 on each side: p = 2/20.
        Assert.Equal(0.1, MannWhitney.PValue([1, 2, 3], [4, 5, 6])!.Value, 12);
        Assert.Equal(0.1, MannWhitney.SmallestPossiblePValue(3, 3), 12);
    }

    [Fact]
    public void Exact_p_counts_the_arrangements_as_extreme_as_the_one_seen()
    {
        // U = 2 (4.2 and 5.9 beat 3.5). Of C(10,5) = 252 arrangements, 4 have U <= 2 (one with U=0, one with 1, two
        // with 2): two-sided p = 2 * 4/252.
        Assert.Equal(8.0 / 252, MannWhitney.PValue([1.1, 2.3, 3.0, 4.2, 5.9], [3.5, 6.1, 7.7, 8.4, 9.0])!.Value, 12);
        // Identical orderings interleaved: U = mn/2 -> p = 1.
        Assert.Equal(1.0, MannWhitney.PValue([1, 4, 5, 8], [2, 3, 6, 7])!.Value, 10);
    }

    [Fact]
    public void Ties_use_the_corrected_normal_approximation()
    {
        // By hand: midranks give R₁ = 31.5, U = 3.5; tie groups (2,2),(3,3,3,3),(4,4,4),(5,5),(6,6) give Σ(t³−t) = 102;
        // σ² = 7·7/12 · (15 − 102/(14·13)) = 58.9615; z = (|3.5 − 24.5| − 0.5)/σ = 2.66974; p = erfc(z/√2) = 0.0075909
        // (R's wilcox.test on these samples reports W = 3.5, p-value = 0.007591).
        double p = MannWhitney.PValue([1, 2, 2, 3, 3, 3, 4], [3, 4, 4, 5, 5, 6, 6])!.Value;
        Assert.Equal(0.0075909322, p, 6); // to the normal tail approximation's accuracy (about 1e-7)
        Assert.Equal(1.0, MannWhitney.PValue([2, 2, 2], [2, 2, 2])!.Value);
    }

    [Fact]
    public void The_test_is_symmetric_and_undefined_for_an_empty_sample()
    {
        double[] a = [12, 15, 11, 19, 14], b = [21, 17, 25, 23, 18, 30];
        Assert.Equal(MannWhitney.PValue(a, b)!.Value, MannWhitney.PValue(b, a)!.Value, 12);
        Assert.Null(MannWhitney.PValue([], b));
    }
}
