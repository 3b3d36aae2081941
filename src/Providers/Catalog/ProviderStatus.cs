namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>Whether a provider can be benchmarked now, and if not, what the user should do about it.</summary>
/// <param name="Endpoint">Null for a configured provider whose address is not known yet (the embedded loopback before it starts).</param>
/// <param name="Problem">What is missing or wrong, phrased as the fix ("set GROQ_API_KEY").</param>
public sealed record ProviderStatus(ProviderDescriptor Descriptor, bool IsConfigured, ProviderEndpoint? Endpoint, string? Problem)
{
    public static ProviderStatus Ready(ProviderDescriptor descriptor, ProviderEndpoint? endpoint) => new(descriptor, true, endpoint, null);

    public static ProviderStatus Missing(ProviderDescriptor descriptor, string fix) => new(descriptor, false, null, fix);

    public static ProviderStatus Invalid(ProviderDescriptor descriptor, string problem) => new(descriptor, false, null, problem);
}
