using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Commands;

/// <summary><c>./run.sh pricing</c>: the price table in force, with each entry's date and source.</summary>
internal static class PricingCommand
{
    public static int Run(SuiteData data, TextWriter output)
    {
        var table = new Table("Provider", "Model", "Effective", "Input", "Cached input", "Output", "Source");
        foreach (var price in data.Prices.All.OrderBy(p => p.Provider).ThenBy(p => p.Model).ThenByDescending(p => p.Effective))
        {
            table.Add(
                price.Provider,
                price.Model,
                price.Effective.ToString("yyyy-MM-dd"),
                $"${price.InputPerMillion:0.####}",
                $"${price.CachedInputPerMillion:0.####}",
                $"${price.OutputPerMillion:0.####}",
                price.Source);
            foreach (var tier in price.Tiers ?? [])
            {
                table.Add(
                    "",
                    $"  {tier.Name} {tier.FromUtc:HH:mm}-{tier.ToUtc:HH:mm} UTC",
                    "",
                    $"${tier.InputPerMillion:0.####}",
                    $"${tier.CachedInputPerMillion:0.####}",
                    $"${tier.OutputPerMillion:0.####}",
                    "");
            }
        }

        output.WriteLine($"Prices in USD per 1M tokens, table version {data.Prices.Version}; the newest entry effective on the day of a run applies, and a time-of-day tier (UTC) where one covers the moment a request is sent.");
        table.WriteTo(output);
        return 0;
    }
}
