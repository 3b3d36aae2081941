namespace SpeedKings.Bench.Hosting;

/// <summary>
/// <c>--endpoint URL [--model M]</c>: benchmark any OpenAI-compatible server (vLLM, LM Studio, llama-server, a
/// gateway) as the catalog's <c>custom</c> provider without editing data files. The options are settings of that
/// provider, strongest of all sources; a key, if the server wants one, goes in <c>CUSTOM_API_KEY</c>.
/// </summary>
internal sealed record CustomEndpoint(string? Url, string? Model)
{
    public const string ProviderId = "custom";

    public static CustomEndpoint From(string? url, string? model)
        => model is not null && url is null
            ? throw new ArgumentException("--model needs --endpoint too, e.g. --endpoint http://localhost:8000/v1 --model my-model")
            : new CustomEndpoint(url, model);

    /// <summary>The settings these options stand for.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["CUSTOM_BASE_URL"] = Url,
        ["CUSTOM_MODEL"] = Model,
    }.Where(s => s.Value is not null).ToDictionary();
}
