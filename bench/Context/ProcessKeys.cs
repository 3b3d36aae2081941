using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Context;

/// <summary>
/// Keys never travel in the run context (a file): a benchmark process reads its provider's key from its own
/// environment, where the user put it or where the host placed the one it found in <c>.env</c> or user-secrets.
/// </summary>
internal static class ProcessKeys
{
    public static ApiKey Of(ProviderDescriptor provider)
        => provider.KeyVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } key
            ? new ApiKey(key.Trim())
            : default;
}
