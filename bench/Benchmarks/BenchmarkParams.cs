using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Benchmarks;

/// <summary>
/// Param values as plain strings: BenchmarkDotNet writes string params into the generated program as literals, so
/// a row labelled "cerebras" runs cerebras whatever the child's environment says.
/// </summary>
public static class BenchmarkParams
{
    /// <summary>Providers (and models, when several are listed) that can run now: the loopback reference always.</summary>
    public static IEnumerable<string> ConfiguredProviders()
    {
        ProviderSettings settings = SuiteSettings.Current;
        return SuiteData.Current.Catalog.Providers
            .Select(settings.Resolve)
            .Where(s => s.IsConfigured)
            .SelectMany(ProviderTarget.Of)
            .Select(t => t.ParamValue)
            .ToList();
    }

    public static IEnumerable<string> PromptSizes() => SuiteData.Current.Prompts.Prompts.Select(p => p.Id).ToList();

    /// <summary>Streams per iteration: the host's <c>--concurrency</c> levels (1 unless asked).</summary>
    public static IEnumerable<int> ConcurrencyLevels() => Budgeting.ConcurrencyLevels.Current;
}
