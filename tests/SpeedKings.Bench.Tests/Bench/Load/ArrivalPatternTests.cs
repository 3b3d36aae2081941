using System.Diagnostics;
using SpeedKings.Bench.Load;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Tests.Bench.Load;

/// <summary>
/// The schedules a request rate sends on: their span is the target rate's exactly, and their gaps have the spread
/// the arrival process promises — checked against the distributions' textbook properties, not against the generator.
/// </summary>
public class ArrivalPatternTests
{
    private static double[] Gaps(ArrivalPattern pattern, int arrivals, double perSecond, int seed = 7)
    {
        var offsets = new long[arrivals];
        pattern.Fill(offsets, perSecond, seed);
        return [.. offsets.Skip(1).Zip(offsets).Select(p => (double)(p.First - p.Second) / Stopwatch.Frequency)];
    }

    private static double Cv(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) / mean;
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(200.0)]
    [InlineData(1000.0)]
    public void A_schedule_spans_exactly_what_its_rate_asks(double perSecond)
    {
        var offsets = new long[500];
        ArrivalPattern.Poisson.Fill(offsets, perSecond, seed: 3);
        Assert.Equal(0, offsets[0]);
        // 499 gaps at the rate: 499 / rate seconds, to the tick (rounding of the last offset only).
        Assert.InRange(offsets[^1], 499 / perSecond * Stopwatch.Frequency - 1, 499 / perSecond * Stopwatch.Frequency + 1);
        Assert.True(offsets.Zip(offsets.Skip(1)).All(p => p.First <= p.Second), "arrivals in order");
    }

    [Fact]
    public void Poisson_gaps_are_exponential()
    {
        double[] gaps = Gaps(ArrivalPattern.Poisson, 20_001, 100);
        Assert.InRange(Cv(gaps), 0.95, 1.05);
        // The median of an exponential is ln 2 times its mean, and e^-2 of it lies beyond twice the mean.
        double mean = gaps.Average();
        Assert.InRange(gaps.Count(g => g < Math.Log(2) * mean) / (double)gaps.Length, 0.49, 0.51);
        Assert.InRange(gaps.Count(g => g > 2 * mean) / (double)gaps.Length, Math.Exp(-2) - 0.01, Math.Exp(-2) + 0.01);
    }

    [Theory]
    [InlineData(4.0, 0.5)]    // smoother than Poisson: CV 1/√4
    [InlineData(0.25, 2.0)]   // burstier: CV 1/√0.25
    [InlineData(1.0, 1.0)]    // gamma of shape 1 is Poisson
    public void Gamma_gaps_have_the_spread_their_burstiness_sets(double burstiness, double cv)
    {
        var pattern = ArrivalPattern.From("gamma", burstiness);
        Assert.Equal(cv, pattern.ExpectedCv, 6);
        Assert.InRange(Cv(Gaps(pattern, 20_001, 50)), cv * 0.95, cv * 1.05);
    }

    [Fact]
    public void Constant_arrivals_are_evenly_spaced()
    {
        double[] gaps = Gaps(ArrivalPattern.From("constant", null), 101, 20);
        Assert.All(gaps, g => Assert.Equal(0.05, g, 6));
    }

    [Fact]
    public void The_same_case_and_iteration_draw_the_same_schedule_and_the_next_iteration_another()
    {
        int first = StableSeed.Of(["loopback", "Short", "8/s"], 1);
        Assert.Equal(first, StableSeed.Of(["loopback", "Short", "8/s"], 1));
        Assert.NotEqual(first, StableSeed.Of(["loopback", "Short", "8/s"], 2));
        Assert.NotEqual(first, StableSeed.Of(["loopback", "Medium", "8/s"], 1));
        Assert.Equal(Gaps(ArrivalPattern.Poisson, 50, 8, first), Gaps(ArrivalPattern.Poisson, 50, 8, first));
        Assert.NotEqual(Gaps(ArrivalPattern.Poisson, 50, 8, first), Gaps(ArrivalPattern.Poisson, 50, 8, first + 1));
    }

    [Theory]
    [InlineData(null, null, "Poisson")]
    [InlineData("constant", null, "Constant")]
    [InlineData(null, 2.0, "Gamma")]    // a burstiness alone means gamma, as in vLLM
    [InlineData("GAMMA", 0.5, "Gamma")]
    public void Arrivals_and_burstiness_combine_into_one_pattern(string? arrivals, double? burstiness, string kind)
        => Assert.Equal(kind, ArrivalPattern.From(arrivals, burstiness).Kind.ToString());

    [Theory]
    [InlineData("uniform", null, "--arrivals takes poisson, gamma or constant (got 'uniform')")]
    [InlineData("constant", 2.0, "--burstiness shapes gamma arrivals; leave it out with --arrivals constant, or use --arrivals gamma")]
    public void Contradictory_arrival_options_get_one_sentence(string arrivals, double? burstiness, string expected)
        => Assert.Equal(expected, Assert.Throws<ArgumentException>(() => ArrivalPattern.From(arrivals, burstiness)).Message);

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("often")]
    public void A_burstiness_must_be_a_positive_shape(string text)
        => Assert.StartsWith("--burstiness must be a number above 0", Assert.Throws<ArgumentException>(() => ArrivalPattern.ParseBurstiness(text)).Message);

    [Theory]
    [InlineData("2,4,8", new[] { 2.0, 4.0, 8.0 })]
    [InlineData("8/s, 0.5,8", new[] { 0.5, 8.0 })]
    public void Rates_parse_sorted_and_distinct_and_print_as_the_param_shows_them(string text, double[] expected)
    {
        Assert.Equal(expected, RequestRates.Parse(text, "--rate"));
        Assert.Equal("0.5/s", RequestRates.Format(0.5));
        Assert.Equal(0.5, RequestRates.PerSecond("0.5/s"));
        Assert.Equal(double.PositiveInfinity, RequestRates.PerSecond(RequestRates.AllAtOnce));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("fast")]
    [InlineData("20000")]
    public void Bad_rates_get_one_sentence(string text)
        => Assert.StartsWith("--rate takes requests per second above 0 and up to 10000", Assert.Throws<ArgumentException>(() => RequestRates.Parse(text, "--rate")).Message);
}
