using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Tests.Metrics.Pricing;

public class CostTests
{
    private static readonly Price Fireworks = new("fireworks", "gpt-oss-120b", new DateOnly(2026, 6, 1), 0.15m, 0.015m, 0.60m, "test");

    [Fact]
    public void Bills_uncached_input_cached_input_and_output_at_their_own_prices()
    {
        // 1,000 prompt tokens of which 400 cached, 2,000 output tokens (500 of them reasoning).
        var usage = new TokenUsage(1_000, 400, 2_000, 500, UsageSource.Reported);
        decimal expected = ((600 * 0.15m) + (400 * 0.015m) + (2_000 * 0.60m)) / 1_000_000m;
        Assert.Equal(expected, Cost.Of(Fireworks, usage));
        Assert.Equal(0.001296m, Cost.Of(Fireworks, usage));
    }

    [Fact]
    public void Reasoning_tokens_are_billed_as_output_not_on_top_of_it()
    {
        var withReasoning = new TokenUsage(100, 0, 300, 200, UsageSource.Reported);
        var without = new TokenUsage(100, 0, 300, null, UsageSource.Reported);
        Assert.Equal(Cost.Of(Fireworks, without), Cost.Of(Fireworks, withReasoning));
    }

    [Fact]
    public void Blended_price_weights_input_and_output_by_volume()
        => Assert.Equal(((3 * 0.15m) + 0.60m) / 4, Cost.BlendedPerMillion(Fireworks, 3_000, 1_000));

    [Fact]
    public void Negative_token_counts_are_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => Cost.Of(Fireworks, -1, 0, 0));
}
