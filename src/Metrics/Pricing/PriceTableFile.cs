using System.Text.Json;
using SpeedKings.Bench.Metrics.Data;

namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>
/// Reads <c>data/pricing.json</c> (or a user's override file):
/// <code>{ "version": "2026-11-01", "prices": [ { "provider", "model", "effective", "input", "cachedInput"?, "output", "source", "notional"? } ] }</code>
/// Prices are USD per million tokens.
/// </summary>
public static class PriceTableFile
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
                Notional: file.OptionalBoolean(item, "notional", at, fallback: false)));
        }

        return new PriceTable(version, prices);
    }
}
