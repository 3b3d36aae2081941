namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>How the key travels: the header differs between providers, the key never goes anywhere else.</summary>
public enum AuthScheme
{
    None,

    /// <summary><c>Authorization: Bearer &lt;key&gt;</c> (OpenAI and most compatibles).</summary>
    Bearer,

    /// <summary><c>x-api-key: &lt;key&gt;</c> (Anthropic).</summary>
    XApiKey,

    /// <summary><c>api-key: &lt;key&gt;</c> (Azure OpenAI).</summary>
    ApiKeyHeader,

    /// <summary><c>x-goog-api-key: &lt;key&gt;</c> (Gemini native).</summary>
    GoogApiKey,
}
