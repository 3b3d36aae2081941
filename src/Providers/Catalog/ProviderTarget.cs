namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>
/// The provider param value: <c>groq</c> when one model is benchmarked, <c>groq/llama-3.3-70b-versatile</c> when
/// <c>GROQ_MODEL</c> lists several. Provider ids never contain a slash, model ids may: the first slash splits.
/// </summary>
internal readonly record struct ProviderTarget(string ProviderId, string? Model)
{
    public string ParamValue => Model is null ? ProviderId : $"{ProviderId}/{Model}";

    public static ProviderTarget Parse(string paramValue)
    {
        int slash = paramValue.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ProviderTarget(paramValue, null) : new ProviderTarget(paramValue[..slash], paramValue[(slash + 1)..]);
    }

    /// <summary>The targets of a configured provider: one per model, named by model only when there are several.</summary>
    public static IEnumerable<ProviderTarget> Of(ProviderStatus status)
        => status.Models.Count <= 1
            ? [new ProviderTarget(status.Descriptor.Id, null)]
            : status.Models.Select(m => new ProviderTarget(status.Descriptor.Id, m));

    /// <summary>The endpoint this target names.</summary>
    public ProviderEndpoint? EndpointIn(ProviderStatus status)
    {
        string? model = Model;
        return model is null ? status.Endpoint : status.Endpoints.FirstOrDefault(e => e.Model == model);
    }
}
