using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Hosting;

/// <summary>The data files that say what varies: providers, prompts, prices.</summary>
internal sealed record SuiteData(ProviderCatalog Catalog, PromptSet Prompts, PriceTable Prices)
{
    /// <summary>An extra price file whose entries win over data/pricing.json (a user's negotiated rates, a test's prices).</summary>
    public const string PricingOverrideVariable = "SPEEDKINGS_PRICING";

    public static SuiteData Load(SuitePaths paths)
    {
        PriceTable prices = PriceTableFile.Load(paths.Pricing);
        if (Environment.GetEnvironmentVariable(PricingOverrideVariable) is { Length: > 0 } overridePath)
            prices = prices.OverriddenBy(PriceTableFile.Load(paths.FromInvocation(overridePath)));
        return new SuiteData(ProviderCatalogFile.Load(paths.Providers), PromptSet.Load(paths.Prompts), prices);
    }
}
