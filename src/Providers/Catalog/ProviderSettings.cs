namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>
/// Resolves catalog entries against the user's settings (a lookup over environment variables, .env and
/// user-secrets): which providers are configured, where they live and which models to ask for. Cheap and
/// deterministic.
/// </summary>
/// <param name="lookup">Reads a setting by variable name; null when unset.</param>
/// <param name="detectedEngines">Local engines that answered the start-up probe.</param>
/// <param name="allowCleartext">Accept plain <c>http://</c> to a host that is not this machine (<c>--allow-http</c>).</param>
internal sealed class ProviderSettings(Func<string, string?> lookup, IReadOnlySet<string>? detectedEngines = null, bool allowCleartext = false)
{
    /// <summary>The same settings, knowing which local engines answered the start-up probe.</summary>
    public ProviderSettings WithDetectedEngines(IReadOnlySet<string> engines) => new(lookup, engines, allowCleartext);

    public string? Lookup(string name) => lookup(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public ProviderStatus Resolve(ProviderDescriptor descriptor)
    {
        ApiKey key = descriptor.KeyVariables.Select(Lookup).FirstOrDefault(v => v is not null) is { } value ? new ApiKey(value) : default;
        if (descriptor.NeedsKey && key.IsEmpty)
            return ProviderStatus.Missing(descriptor, $"set {descriptor.PrimaryKeyVariable}");

        if (!TryResolveBaseUrl(descriptor, out Uri? baseUrl, out string? source, out string? problem))
            return ProviderStatus.Invalid(descriptor, problem!);
        if (!allowCleartext && baseUrl is { Scheme: "http", IsLoopback: false } cleartext)
            return ProviderStatus.Invalid(descriptor, $"{source ?? "the catalog's address"} is plain http:// to {cleartext.Host}, which would send requests and any key in the clear; use https://, or pass --allow-http if you mean it");

        if (descriptor.Kind == ProviderKind.Local && source is null && detectedEngines?.Contains(descriptor.Id) != true)
        {
            string where = descriptor.BaseUrl is null ? "" : $" at {descriptor.BaseUrl}";
            return ProviderStatus.Missing(descriptor, descriptor.ProbePath is null
                ? $"set {descriptor.BaseUrlVariable}"
                : $"not running{where} (start it, or set {descriptor.BaseUrlVariable})");
        }

        if (baseUrl is null && descriptor.Kind != ProviderKind.Reference)
            return ProviderStatus.Missing(descriptor, $"set {string.Join(" or ", new[] { descriptor.BaseUrlVariable }.Concat(descriptor.BaseUrlVariables ?? []))}");

        var models = Models(descriptor);
        return ProviderStatus.Ready(descriptor, baseUrl is null ? [] : models.Select(m => new ProviderEndpoint(descriptor, baseUrl, m, key)).ToList(), models);
    }

    /// <summary><c>&lt;ID&gt;_MODEL</c> (a comma-separated list for several), else the catalog's default.</summary>
    public IReadOnlyList<string> Models(ProviderDescriptor descriptor)
    {
        string? configured = Lookup(descriptor.ModelVariable);
        if (configured is null)
            return [descriptor.DefaultModel];
        var models = configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        return models.Count == 0 ? [descriptor.DefaultModel] : models;
    }

    /// <param name="source">The variable the URL came from, or null for the catalog's default.</param>
    private bool TryResolveBaseUrl(ProviderDescriptor descriptor, out Uri? baseUrl, out string? source, out string? problem)
    {
        problem = null;
        source = descriptor.BaseUrlVariable;
        if (Lookup(descriptor.BaseUrlVariable) is { } full)
        {
            baseUrl = ParseUrl(full, null);
            problem = baseUrl is null ? $"set {descriptor.BaseUrlVariable} to an absolute http(s) URL" : null;
            return baseUrl is not null;
        }

        foreach (string variable in descriptor.BaseUrlVariables ?? [])
        {
            if (Lookup(variable) is not { } value)
                continue;
            source = variable;
            baseUrl = ParseUrl(value, descriptor.BaseUrlPath);
            problem = baseUrl is null ? $"{variable} is not a valid host or URL" : null;
            return baseUrl is not null;
        }

        source = null;
        baseUrl = descriptor.BaseUrl;
        return true;
    }

    /// <summary>
    /// Accepts <c>host:port</c> (or a dotted host, or localhost) without a scheme, as conventional variables such as
    /// OLLAMA_HOST do, and appends a path. A bare word is a mistake, not a host name.
    /// </summary>
    private static Uri? ParseUrl(string value, string? path)
    {
        bool hasScheme = value.Contains("://", StringComparison.Ordinal);
        if (!hasScheme && !(value.Contains(':', StringComparison.Ordinal) || value.Contains('.', StringComparison.Ordinal)
            || value.StartsWith("localhost", StringComparison.OrdinalIgnoreCase)))
            return null;
        string text = hasScheme ? value : "http://" + value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return null;
        return path is null ? url : new Uri(url.AbsoluteUri.TrimEnd('/') + "/" + path.Trim('/'));
    }
}
