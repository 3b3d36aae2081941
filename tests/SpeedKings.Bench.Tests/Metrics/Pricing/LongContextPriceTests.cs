using System.Text;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Tests.Metrics.Pricing;

public class LongContextPriceTests
{
    // Gemini 2.5 Pro's shape: $1.25/$0.125/$10 per million, and $2.50/$0.25/$15 for a prompt over 200,000 tokens.
    private static Price ProLike() => PriceTableFile.Read(JsonDataFile.Parse("pricing.json", Encoding.UTF8.GetBytes("""
        { "version": "v1", "prices": [ { "provider": "gemini", "model": "pro", "effective": "2026-01-01",
            "input": 1.25, "cachedInput": 0.125, "output": 10, "source": "s",
            "longContext": { "aboveInputTokens": 200000, "input": 2.5, "cachedInput": 0.25, "output": 15 } } ] }
        """))).Find("gemini", "pro", new DateOnly(2026, 11, 23))!;

    [Fact]
    public void A_prompt_at_the_threshold_is_billed_at_the_normal_rates()
    {
        // 100,000 uncached × 1.25 + 100,000 cached × 0.125 + 1,000 × 10, per million.
        var usage = new TokenUsage(200_000, 100_000, 1_000, null, UsageSource.Reported);
        Assert.Equal(0.1475m, Cost.Of(ProLike(), usage));
    }

    [Fact]
    public void A_prompt_past_the_threshold_is_billed_at_the_long_context_rates_whole()
    {
        // Cached tokens count toward the prompt's length: 100,001 × 2.5 + 100,000 × 0.25 + 1,000 × 15, per million.
        var usage = new TokenUsage(200_001, 100_000, 1_000, null, UsageSource.Reported);
        Assert.Equal(0.2900025m, Cost.Of(ProLike(), usage));
    }

    [Fact]
    public void The_worst_case_of_a_long_prompt_reserves_at_the_long_context_rates()
    {
        // 180,000 expected input tokens plan as ceil(180,000 × 1.25) + 32 = 225,032: past the threshold.
        Assert.Equal((225_032 * 2.5m + 100 * 15m) / 1_000_000, WorstCase.PerRequestUsd(ProLike(), 180_000, 100));
    }

    [Fact]
    public void The_shipped_table_bills_long_prompts_dearer_where_the_provider_does()
    {
        PriceTable prices = SuiteData.Load(SuitePaths.Locate()).Prices;
        Price pro = prices.Find("gemini", "gemini-2.5-pro", new DateOnly(2026, 12, 1))!;
        Assert.Equal(new LongContextPrice(200_000, 2.5m, 0.25m, 15m), pro.LongContext);
        Assert.Equal(6m, prices.Find("anthropic", "claude-sonnet-4-5", new DateOnly(2026, 12, 1))!.ForInput(250_000).InputPerMillion);
    }

    [Fact]
    public void A_long_context_entry_without_a_threshold_is_refused_with_its_place()
    {
        string json = """{ "version": "v1", "prices": [ { "provider": "p", "model": "m", "effective": "2026-01-01", "input": 1, "output": 1, "source": "s", "longContext": { "input": 2, "output": 2 } } ] }""";
        var error = Assert.Throws<DataFileException>(() => PriceTableFile.Read(JsonDataFile.Parse("pricing.json", Encoding.UTF8.GetBytes(json))));
        Assert.StartsWith("pricing.json: prices[0].longContext.aboveInputTokens", error.Message, StringComparison.Ordinal);
    }
}
