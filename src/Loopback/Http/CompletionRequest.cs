namespace SpeedKings.Bench.Loopback.Http;

/// <summary>What the server needs from any wire format's request body, once that format's reader has parsed it.</summary>
/// <param name="Model">Echoed back in every frame.</param>
/// <param name="PromptTokens">ceil(UTF-8 bytes of all message text / 4): an approximation, not a tokenizer count.</param>
/// <param name="Stream">Whether the client asked for a stream.</param>
/// <param name="IncludeUsage">Whether the stream ends with a usage frame (formats that always send usage set true).</param>
/// <param name="MaxTokens">The request's cap on output tokens, if it set one.</param>
internal sealed record CompletionRequest(string Model, int PromptTokens, bool Stream, bool IncludeUsage, int? MaxTokens)
{
    /// <summary>
    /// A hash of the messages exactly as sent (OpenAI-compatible routes), so a test can see whether two requests'
    /// prompts differed; 0 where the format does not compute it. Per server process: not a stable digest.
    /// </summary>
    public int PromptHash { get; init; }

    /// <summary>
    /// The prompt as sent, for the prefix cache (<see cref="PrefixCache"/>): the messages' JSON of formats whose
    /// providers cache automatically, or that asked for it (Anthropic's <c>cache_control</c>); empty otherwise, and for
    /// prompts too short to cache.
    /// </summary>
    public ReadOnlyMemory<byte> CacheablePrompt { get; init; }

    /// <summary>The prompt bytes to keep for the cache: a copy of <paramref name="raw"/> when the prompt is long enough to be cached.</summary>
    public static ReadOnlyMemory<byte> Cacheable(ReadOnlySpan<byte> raw, int promptTokens)
        => promptTokens >= PrefixCache.MinimumTokens ? raw.ToArray() : ReadOnlyMemory<byte>.Empty;

    /// <summary>A tool to call or a schema to answer in; null for a plain text answer.</summary>
    public Tasks.RequestedOutput? Output { get; init; }

    /// <summary>Images the messages carried; their tokens (<see cref="Tasks.ImageTokens"/>) are in <see cref="PromptTokens"/>.</summary>
    public int Images { get; init; }

    public int ImageTokens { get; init; }

    /// <summary>A simulated model load to wait out before the first token (set by local-engine routes only).</summary>
    public TimeSpan ModelLoad { get; init; }

    /// <summary>The prompt-token approximation: four UTF-8 bytes per token, rounded up.</summary>
    public static int ApproximatePromptTokens(long utf8Bytes) => (int)Math.Min((utf8Bytes + 3) / 4, int.MaxValue);
}
