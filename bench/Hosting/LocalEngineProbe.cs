using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Finds local engines (Ollama, llama-server) without configuration: a short GET to each one's probe path at its
/// default or configured address. Only the host probes; the run context carries what answered to the benchmark processes.
/// </summary>
internal static class LocalEngineProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    public static async Task<IReadOnlySet<string>> DetectAsync(ProviderCatalog catalog, ProviderSettings settings)
    {
        using var http = new HttpClient { Timeout = Timeout };
        var probes = catalog.Providers
            .Where(p => p.Kind == ProviderKind.Local && p.ProbePath is not null)
            .Select(async p => await AnswersAsync(http, settings, p) ? p.Id : null);
        string?[] answered = await Task.WhenAll(probes);
        return answered.OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static async Task<bool> AnswersAsync(HttpClient http, ProviderSettings settings, ProviderDescriptor descriptor)
    {
        // Resolve as if detected, to learn the address the user configured (or the default one).
        ProviderEndpoint? endpoint = settings.WithDetectedEngines(new HashSet<string> { descriptor.Id }).Resolve(descriptor).Endpoint;
        if (endpoint is null)
            return false;
        try
        {
            using HttpResponseMessage response = await http.GetAsync(endpoint.Resolve(descriptor.ProbePath!));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
