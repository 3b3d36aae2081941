using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Benchmarks;

/// <summary>
/// Param values as plain strings: BenchmarkDotNet writes string params into the generated program as literals, so
/// a row labelled "cerebras" runs cerebras whatever the child's environment says.
/// </summary>
public static class BenchmarkParams
{
    /// <summary>Providers that can run now: the loopback reference always, others when configured.</summary>
    public static IEnumerable<string> ConfiguredProviders()
    {
        var settings = ProviderSettings.FromEnvironment();
        return SuiteData.Current.Catalog.Providers
            .Where(p => settings.Resolve(p).IsConfigured)
            .Select(p => p.Id)
            .ToList();
    }

    public static IEnumerable<string> PromptSizes() => SuiteData.Current.Prompts.Prompts.Select(p => p.Id).ToList();
}
