namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>Whether a provider can be benchmarked now, and if not, what the user should do about it.</summary>
/// <param name="Endpoints">One per model to benchmark; empty for a configured provider whose address is not known yet (the embedded loopback before it starts).</param>
/// <param name="Models">The models to benchmark, known even before the address is.</param>
/// <param name="Problem">What is missing or wrong, phrased as the fix ("set GROQ_API_KEY").</param>
internal sealed record ProviderStatus(
    ProviderDescriptor Descriptor,
    bool IsConfigured,
    IReadOnlyList<ProviderEndpoint> Endpoints,
    IReadOnlyList<string> Models,
    string? Problem)
{
    public ProviderEndpoint? Endpoint => Endpoints.Count > 0 ? Endpoints[0] : null;

    public static ProviderStatus Ready(ProviderDescriptor descriptor, IReadOnlyList<ProviderEndpoint> endpoints, IReadOnlyList<string> models)
        => new(descriptor, true, endpoints, models, null);

    public static ProviderStatus Missing(ProviderDescriptor descriptor, string fix) => new(descriptor, false, [], [], fix);

    public static ProviderStatus Invalid(ProviderDescriptor descriptor, string problem) => new(descriptor, false, [], [], problem);
}
