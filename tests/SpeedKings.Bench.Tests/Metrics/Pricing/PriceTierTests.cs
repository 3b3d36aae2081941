using System.Text;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Tests.Metrics.Pricing;

public class PriceTierTests
{
    private static Price DeepSeekLike() => PriceTableFile.Read(JsonDataFile.Parse("pricing.json", Encoding.UTF8.GetBytes("""
        { "version": "v1", "prices": [ { "provider": "deepseek", "model": "chat", "effective": "2026-01-01",
            "input": 0.28, "cachedInput": 0.07, "output": 1.1, "source": "s",
            "tiers": [ { "name": "off-peak", "fromUtc": "16:30", "toUtc": "00:30", "input": 0.14, "cachedInput": 0.035, "output": 0.55 } ] } ] }
        """))).Find("deepseek", "chat", new DateOnly(2026, 11, 23))!;

    [Theory]
    [InlineData("2026-11-23T16:29:59Z", 1.1)]
    [InlineData("2026-11-23T16:30:00Z", 0.55)]
    [InlineData("2026-11-23T23:59:59Z", 0.55)]
    [InlineData("2026-11-24T00:00:00Z", 0.55)]
    [InlineData("2026-11-24T00:30:00Z", 1.1)]
    [InlineData("2026-11-24T18:00:00+05:00", 1.1)] // 13:00 UTC: the tier is read in UTC, not local time
    public void A_tier_applies_inside_its_UTC_window_even_past_midnight(string sentAt, double outputPrice)
        => Assert.Equal((decimal)outputPrice, DeepSeekLike().At(DateTimeOffset.Parse(sentAt, System.Globalization.CultureInfo.InvariantCulture)).OutputPerMillion);

    [Fact]
    public void The_cost_of_a_request_uses_the_tier_of_the_moment_it_was_sent()
    {
        var usage = new TokenUsage(2_000_000, 1_000_000, 1_000_000, null, UsageSource.Reported);
        Price price = DeepSeekLike();

        // 1M uncached + 1M cached + 1M output
        Assert.Equal(0.28m + 0.07m + 1.1m, Cost.Of(price.At(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), usage));
        Assert.Equal(0.14m + 0.035m + 0.55m, Cost.Of(price.At(DateTimeOffset.Parse("2026-11-23T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), usage));
    }

    [Fact]
    public void A_budget_reserves_at_the_dearest_figures_of_the_day()
    {
        Price cheapBase = DeepSeekLike() with { OutputPerMillion = 0.1m };
        Price highest = cheapBase.Highest();
        Assert.Equal(0.55m, highest.OutputPerMillion);
        Assert.Equal(0.28m, highest.InputPerMillion);
    }

    [Theory]
    [InlineData("""{ "name": "x", "fromUtc": "25:00", "toUtc": "01:00", "input": 1, "output": 1 }""", "prices[0].tiers[0].fromUtc: expected a UTC time of day as HH:mm, found \"25:00\"")]
    [InlineData("""{ "name": "x", "fromUtc": "01:00", "toUtc": "01:00", "input": 1, "output": 1 }""", "prices[0].tiers[0]: expected fromUtc and toUtc to differ")]
    [InlineData("""{ "name": "a", "fromUtc": "22:00", "toUtc": "02:00", "input": 1, "output": 1 }, { "name": "b", "fromUtc": "01:00", "toUtc": "03:00", "input": 1, "output": 1 }""", "prices[0].tiers[1]: expected tiers not to overlap, but it overlaps \"a\"")]
    [InlineData("""{ "name": "x", "fromUtc": "01:00", "toUtc": "02:00", "input": -1, "output": 1 }""", "prices[0].tiers[0].input")]
    public void A_malformed_tier_is_refused_with_the_file_and_the_place(string tiers, string expected)
    {
        string json = $$"""{ "version": "v1", "prices": [ { "provider": "p", "model": "m", "effective": "2026-01-01", "input": 1, "output": 1, "source": "s", "tiers": [ {{tiers}} ] } ] }""";
        var error = Assert.Throws<DataFileException>(() => PriceTableFile.Read(JsonDataFile.Parse("pricing.json", Encoding.UTF8.GetBytes(json))));
        Assert.StartsWith("pricing.json: " + expected, error.Message, StringComparison.Ordinal);
    }
}
