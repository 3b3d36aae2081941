namespace SpeedKings.Bench.Loopback.Profiles;

/// <summary>
/// What the imitated provider checks before it serves a request, so a client configured with the wrong auth scheme,
/// a missing version header or a max-tokens field the provider refuses fails here as it would there. The default
/// checks nothing but the rejected-key marker (the reference routes, and engines that take any header).
/// </summary>
internal sealed record ProfileExpectations
{
    public static readonly ProfileExpectations Lenient = new();

    /// <summary>The header the key must come in.</summary>
    public CredentialHeader Auth { get; init; } = CredentialHeader.Any;

    /// <summary>Headers the provider requires, with the value it accepts (Anthropic's <c>anthropic-version</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For the OpenAI family, where <c>max_tokens</c> and <c>max_completion_tokens</c> both exist: the one the provider
    /// accepts, the other being refused (OpenAI's reasoning models); null where either is taken.
    /// </summary>
    public string? MaxTokensField { get; init; }

    /// <summary>Whether a refused key is repeated in the error, its first and last characters kept (OpenAI does).</summary>
    public bool EchoesRejectedKey { get; init; }

    /// <summary>The two names the OpenAI family uses for the output cap.</summary>
    public static readonly string[] OpenAiMaxTokensFields = ["max_completion_tokens", "max_tokens"];

    /// <summary>One sentence for the first inconsistency, or null.</summary>
    public string? Problem(string wireFormat)
    {
        if (MaxTokensField is { } field && (wireFormat != WireFormatIds.OpenAiChat || !OpenAiMaxTokensFields.Contains(field, StringComparer.Ordinal)))
            return $"maxTokensField only chooses between {string.Join(" and ", OpenAiMaxTokensFields)} of the {WireFormatIds.OpenAiChat} format (got '{field}')";
        if (Headers.Keys.FirstOrDefault(h => h.Length == 0 || h.Any(char.IsWhiteSpace)) is { } bad)
            return $"headers must be named without spaces (got '{bad}')";
        return null;
    }
}

/// <summary>Where a provider reads the key from.</summary>
internal enum CredentialHeader
{
    /// <summary>Any of the headers below (the reference routes, llama.cpp, vLLM).</summary>
    Any,

    /// <summary>No key at all: a local engine that ignores credentials (Ollama).</summary>
    None,

    /// <summary><c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    Bearer,

    /// <summary><c>x-api-key</c> (Anthropic).</summary>
    XApiKey,

    /// <summary><c>x-goog-api-key</c> (Gemini).</summary>
    XGoogApiKey,

    /// <summary><c>api-key</c> (Azure OpenAI).</summary>
    ApiKey,
}
