namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>
/// Resolves catalog entries against the user's settings (environment variables today): which providers are
/// configured, where they live and which model to ask for. Cheap and deterministic, so BenchmarkDotNet's params
/// source may call it as often as it likes.
/// </summary>
public sealed class ProviderSettings(Func<string, string?> lookup)
{
    public static ProviderSettings FromEnvironment() => new(Environment.GetEnvironmentVariable);

    public ProviderStatus Resolve(ProviderDescriptor descriptor)
    {
        ApiKey key = default;
        if (descriptor.NeedsKey)
        {
            string? value = descriptor.KeyVariables.Select(lookup).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            if (value is null)
                return ProviderStatus.Missing(descriptor, $"set {descriptor.PrimaryKeyVariable}");
            key = new ApiKey(value.Trim());
        }

        Uri? baseUrl = descriptor.BaseUrl;
        string? overrideUrl = lookup(descriptor.BaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(overrideUrl))
        {
            if (!Uri.TryCreate(overrideUrl.Trim(), UriKind.Absolute, out baseUrl)
                || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
                return ProviderStatus.Invalid(descriptor, $"{descriptor.BaseUrlVariable} is not an absolute http(s) URL");
        }

        string model = lookup(descriptor.ModelVariable) is { } m && !string.IsNullOrWhiteSpace(m) ? m.Trim() : descriptor.DefaultModel;
        return ProviderStatus.Ready(descriptor, baseUrl is null ? null : new ProviderEndpoint(descriptor, baseUrl, model, key));
    }
}
