using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>What every command starts from: where the suite is, its data files, and the user's provider settings.</summary>
internal sealed record Suite(SuitePaths Paths, SuiteData Data, ProviderSettings Settings)
{
    /// <summary>Finds the suite, reads its data and the user's settings, and probes local engines once.</summary>
    public static async Task<Suite> LoadAsync(CustomEndpoint custom, bool allowCleartext)
    {
        SuitePaths paths = SuitePaths.Locate();
        SuiteData data = SuiteData.Load(paths);
        ProviderSettings settings = SuiteSettings.Load(paths, custom.Settings, allowCleartext);
        IReadOnlySet<string> engines = await LocalEngineProbe.DetectAsync(data.Catalog, settings);
        return new Suite(paths, data, settings.WithDetectedEngines(engines));
    }
}
