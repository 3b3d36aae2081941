using System.Text.Json;
using SpeedKings.Bench.Metrics.Data;

namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>
/// Reads <c>data/pricing.json</c> (or a user's override file):
/// <code>{ "version": "2026-11-01", "prices": [ { "provider", "model", "effective", "input", "cachedInput"?, "output", "source", "notional"?,
///   "tiers"?: [ { "name", "fromUtc": "16:30", "toUtc": "00:30", "input", "cachedInput"?, "output" } ],
///   "longContext"?: { "aboveInputTokens": 200000, "input", "cachedInput"?, "output" } } ] }</code>
/// Prices are USD per million tokens.
/// </summary>
internal static class PriceTableFile
{
    public static PriceTable Load(string path)
    {
        using var file = JsonDataFile.Open(path);
        return Read(file);
    }

    public static PriceTable Read(JsonDataFile file)
    {
        JsonElement root = file.ObjectAt(file.Root, "the top level");
        string version = file.Text(root, "version", "");
        var prices = new List<Price>();
        int index = 0;
        foreach (JsonElement item in file.Array(root, "prices", ""))
        {
            string at = $"prices[{index++}]";
            file.ObjectAt(item, at);
            double input = file.Number(item, "input", at, min: 0);
            prices.Add(new Price(
                Provider: file.Text(item, "provider", at),
                Model: file.Text(item, "model", at),
                Effective: file.Date(item, "effective", at),
                InputPerMillion: (decimal)input,
                CachedInputPerMillion: (decimal)(file.OptionalNumber(item, "cachedInput", at, min: 0) ?? input),
                OutputPerMillion: (decimal)file.Number(item, "output", at, min: 0),
                Source: file.Text(item, "source", at),
                Notional: file.OptionalBoolean(item, "notional", at, fallback: false),
                Tiers: item.TryGetProperty("tiers", out _) ? ReadTiers(file, item, at) : null,
                LongContext: item.TryGetProperty("longContext", out JsonElement longContext) ? ReadLongContext(file, longContext, JsonDataFile.Join(at, "longContext")) : null));
        }

        return new PriceTable(version, prices);
    }

    private static PriceTier[] ReadTiers(JsonDataFile file, JsonElement entry, string at)
    {
        var tiers = new List<PriceTier>();
        int index = 0;
        foreach (JsonElement item in file.Array(entry, "tiers", at))
        {
            string tierAt = $"{at}.tiers[{index++}]";
            file.ObjectAt(item, tierAt);
            double input = file.Number(item, "input", tierAt, min: 0);
            var tier = new PriceTier(
                Name: file.Text(item, "name", tierAt),
                FromUtc: TimeOfDay(file, item, "fromUtc", tierAt),
                ToUtc: TimeOfDay(file, item, "toUtc", tierAt),
                InputPerMillion: (decimal)input,
                CachedInputPerMillion: (decimal)(file.OptionalNumber(item, "cachedInput", tierAt, min: 0) ?? input),
                OutputPerMillion: (decimal)file.Number(item, "output", tierAt, min: 0));
            if (tier.FromUtc == tier.ToUtc)
                throw file.Error(tierAt, "expected fromUtc and toUtc to differ (an empty window)");
            if (tiers.FirstOrDefault(t => t.Contains(tier.FromUtc) || tier.Contains(t.FromUtc)) is { } other)
                throw file.Error(tierAt, $"expected tiers not to overlap, but it overlaps \"{other.Name}\"");
            tiers.Add(tier);
        }

        return [.. tiers];
    }

    private static LongContextPrice ReadLongContext(JsonDataFile file, JsonElement item, string at)
    {
        file.ObjectAt(item, at);
        double input = file.Number(item, "input", at, min: 0);
        return new LongContextPrice(
            AboveInputTokens: file.WholeNumber(item, "aboveInputTokens", at, min: 1),
            InputPerMillion: (decimal)input,
            CachedInputPerMillion: (decimal)(file.OptionalNumber(item, "cachedInput", at, min: 0) ?? input),
            OutputPerMillion: (decimal)file.Number(item, "output", at, min: 0));
    }

    private static TimeOnly TimeOfDay(JsonDataFile file, JsonElement parent, string property, string at)
    {
        string text = file.Text(parent, property, at);
        return TimeOnly.TryParseExact(text, "HH:mm", out TimeOnly time)
            ? time
            : throw file.Error(JsonDataFile.Join(at, property), $"expected a UTC time of day as HH:mm, found \"{text}\"");
    }
}
