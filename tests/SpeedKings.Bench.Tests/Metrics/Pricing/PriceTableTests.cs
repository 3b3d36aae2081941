using System.Text;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Metrics.Pricing;

namespace SpeedKings.Bench.Tests.Metrics.Pricing;

public class PriceTableTests
{
    private static PriceTable Parse(string json) => PriceTableFile.Read(JsonDataFile.Parse("pricing.json", Encoding.UTF8.GetBytes(json)));

    private const string Table = """
        { "version": "v1", "prices": [
          { "provider": "groq", "model": "*", "effective": "2026-01-01", "input": 1, "output": 2, "source": "s" },
          { "provider": "groq", "model": "m", "effective": "2026-01-01", "input": 3, "output": 4, "source": "s" },
          { "provider": "groq", "model": "m", "effective": "2026-07-01", "input": 5, "cachedInput": 0.5, "output": 6, "source": "s" }
        ] }
        """;

    [Fact]
    public void Picks_the_newest_entry_in_force_on_the_day()
    {
        PriceTable table = Parse(Table);
        Assert.Equal(3m, table.Find("groq", "m", new DateOnly(2026, 6, 30))!.InputPerMillion);
        Assert.Equal(5m, table.Find("GROQ", "M", new DateOnly(2026, 7, 1))!.InputPerMillion);
        Assert.Null(table.Find("groq", "m", new DateOnly(2025, 12, 31)));
    }

    [Fact]
    public void Falls_back_to_the_providers_wildcard_and_defaults_cached_to_input()
    {
        Price price = Parse(Table).Find("groq", "other", new DateOnly(2026, 8, 1))!;
        Assert.Equal("*", price.Model);
        Assert.Equal(price.InputPerMillion, price.CachedInputPerMillion);
    }

    [Fact]
    public void An_override_decides_every_price_of_the_providers_it_names()
    {
        PriceTable overrides = Parse("""{ "version": "mine", "prices": [ { "provider": "groq", "model": "*", "effective": "2020-01-01", "input": 9, "output": 9, "source": "me" } ] }""");
        PriceTable table = Parse(Table).OverriddenBy(overrides);
        Assert.Equal(9m, table.Find("groq", "m", new DateOnly(2026, 8, 1))!.InputPerMillion);
        Assert.Equal(9m, table.Find("groq", "x", new DateOnly(2026, 8, 1))!.InputPerMillion);
        Assert.Equal("v1+mine", table.Version);
    }

    [Fact]
    public void Providers_an_override_does_not_name_keep_their_prices()
    {
        PriceTable overrides = Parse("""{ "version": "mine", "prices": [ { "provider": "other", "model": "*", "effective": "2020-01-01", "input": 9, "output": 9, "source": "me" } ] }""");
        PriceTable table = Parse(Table).OverriddenBy(overrides);
        Assert.Equal(5m, table.Find("groq", "m", new DateOnly(2026, 8, 1))!.InputPerMillion);
        Assert.Equal(4, table.All.Count());
    }

    [Theory]
    [InlineData("""{ "version": "v", "prices": [ { "provider": "p", "model": "m", "effective": "2026-01-01", "input": "abc", "output": 1, "source": "s" } ] }""",
        "pricing.json: prices[0].input: expected a number, found \"abc\".")]
    [InlineData("""{ "version": "v", "prices": [ { "provider": "p", "model": "m", "effective": "2026-01-01", "input": -1, "output": 1, "source": "s" } ] }""",
        "pricing.json: prices[0].input: expected a number of at least 0, found -1.")]
    [InlineData("""{ "version": "v", "prices": [ { "provider": "p", "model": "m", "effective": "1 May", "input": 1, "output": 1, "source": "s" } ] }""",
        "pricing.json: prices[0].effective: expected a date as yyyy-MM-dd, found \"1 May\".")]
    [InlineData("""{ "version": "v", "prices": [ { "provider": "p", "model": "m", "effective": "2026-01-01", "input": 1, "source": "s" } ] }""",
        "pricing.json: prices[0].output: expected a number, but it is missing.")]
    [InlineData("""{ "version": "v" }""", "pricing.json: prices: is missing.")]
    public void Malformed_files_name_the_place_and_what_was_expected(string json, string message)
        => Assert.Equal(message, Assert.Throws<DataFileException>(() => Parse(json)).Message);

    [Fact]
    public void Broken_json_names_the_line()
    {
        var e = Assert.Throws<DataFileException>(() => Parse("{\n  \"version\": \"v\"\n  \"prices\": []\n}"));
        Assert.StartsWith("pricing.json: not valid JSON at line 3", e.Message);
    }
}
