using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Tests.Metrics.Statistics;

public class PercentileTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.9, 3.7)]
    [InlineData(1.0, 4.0)]
    public void Interpolates_between_closest_ranks_like_numpy(double p, double expected)
    {
        // numpy.percentile([1, 2, 3, 4], [0, 50, 90, 100]) == [1.0, 2.5, 3.7, 4.0]
        Assert.Equal(expected, Percentile.OfSorted([1, 2, 3, 4], p), precision: 12);
    }

    [Fact]
    public void Empty_sample_has_no_percentile() => Assert.True(double.IsNaN(Percentile.OfSorted([], 0.5)));

    [Theory]
    [InlineData(9, 0.90, false)]
    [InlineData(10, 0.90, true)]
    [InlineData(99, 0.99, false)]
    [InlineData(100, 0.99, true)]
    public void Small_samples_are_said_to_be_small(int n, double p, bool supported)
        => Assert.Equal(supported, Percentile.IsSupportedBy(n, p));

    [Fact]
    public void Distribution_ignores_undefined_values_and_sorts()
    {
        var d = Distribution.Of([5, double.NaN, 1, 3, double.PositiveInfinity]);
        Assert.Equal(3, d.Count);
        Assert.Equal(1, d.Min);
        Assert.Equal(3, d.P50);
        Assert.Equal(5, d.Max);
        Assert.True(d.IsSmallForP90);
    }
}
