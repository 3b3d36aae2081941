namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// How one OpenAI-compatible provider departs from OpenAI's own stream: where usage and server timings go, whether
/// <c>[DONE]</c> ends the stream, which field carries reasoning, what it sends while queued. Read from a fixture in
/// <c>data/fixtures/</c>; the defaults are OpenAI's behaviour.
/// </summary>
internal sealed record OpenAiDialect
{
    public static readonly OpenAiDialect OpenAi = new();

    /// <summary>False where the provider simply closes the connection after the last chunk (Cerebras).</summary>
    public bool DoneMarker { get; init; } = true;

    /// <summary>Usage carried on the finish chunk itself, whatever the request asked.</summary>
    public FinishChunkUsage FinishChunkUsage { get; init; }

    /// <summary>When usage also goes out on its own <c>"choices": []</c> chunk after the finish chunk.</summary>
    public UsageTrailer UsageTrailer { get; init; } = UsageTrailer.WhenRequested;

    public ServerTimingStyle ServerTimings { get; init; }

    /// <summary><c>reasoning</c> or <c>reasoning_content</c>; null where reasoning text is never shown (OpenAI).</summary>
    public string? ReasoningField { get; init; }

    /// <summary>Comment text sent while the request waits for its first token (<c>keep-alive</c>); null for none.</summary>
    public string? WaitingComment { get; init; }

    public double WaitingCommentIntervalMs { get; init; } = 10;

    /// <summary>Where cached prompt tokens are reported: OpenAI's <c>prompt_tokens_details</c> or DeepSeek's hit/miss pair.</summary>
    public CacheReport CacheReport { get; init; }

    /// <summary>Share of the prompt reported as served from cache (rounded down), so clients are seen to read it.</summary>
    public double CachedPromptShare { get; init; }

    /// <summary>Prices the provider applies when it reports <c>usage.cost</c> itself (OpenRouter); null for no cost field.</summary>
    public ReportedPrice? ReportedCost { get; init; }

    public ErrorBodyStyle ErrorBody { get; init; }

    /// <summary>One sentence for the first inconsistency, or null.</summary>
    public string? Problem()
    {
        if (ServerTimings == ServerTimingStyle.XGroq && FinishChunkUsage != FinishChunkUsage.XGroq)
            return "serverTimings 'x-groq' needs finishChunkUsage 'x-groq': the timings live inside x_groq.usage";
        if (ReasoningField is not (null or "reasoning" or "reasoning_content"))
            return $"reasoningField must be 'reasoning', 'reasoning_content' or absent (got '{ReasoningField}')";
        if (WaitingComment is not null && !(WaitingCommentIntervalMs > 0))
            return "waitingCommentIntervalMs must be positive when a waiting comment is set";
        if (WaitingComment is not null && WaitingComment.AsSpan().IndexOfAny('\r', '\n') >= 0)
            return "waitingComment must be one line";
        if (CachedPromptShare is < 0 or > 1)
            return $"cachedPromptShare must be from 0 to 1 (got {CachedPromptShare})";
        if (ReportedCost is { InputPerMillion: < 0 } or { OutputPerMillion: < 0 })
            return "reportedCost prices must not be negative";
        return null;
    }
}

internal enum FinishChunkUsage
{
    /// <summary>The finish chunk has no usage.</summary>
    None,

    /// <summary><c>usage</c> on the finish chunk (Cerebras, Fireworks, Together, SambaNova).</summary>
    Usage,

    /// <summary><c>x_groq.usage</c> on the finish chunk, token counts and timings side by side (Groq).</summary>
    XGroq,
}

internal enum UsageTrailer
{
    /// <summary>Only when the request set <c>stream_options.include_usage</c> (OpenAI, DeepSeek, Groq, llama.cpp).</summary>
    WhenRequested,
    Always,
    Never,
}

internal enum ServerTimingStyle
{
    None,

    /// <summary>Cerebras: a <c>time_info</c> object of seconds beside the usage.</summary>
    TimeInfo,

    /// <summary>Groq: queue/prompt/completion/total seconds inside <c>x_groq.usage</c>.</summary>
    XGroq,

    /// <summary>SambaNova: time to first token, total latency and speed after the first token inside <c>usage</c>.</summary>
    UsageFields,

    /// <summary>llama.cpp: a <c>timings</c> object of milliseconds beside the usage.</summary>
    Timings,
}

internal enum CacheReport
{
    /// <summary><c>prompt_tokens_details.cached_tokens</c>.</summary>
    PromptTokensDetails,

    /// <summary><c>prompt_cache_hit_tokens</c> and <c>prompt_cache_miss_tokens</c> (DeepSeek).</summary>
    HitMiss,
}

internal enum ErrorBodyStyle
{
    /// <summary><c>{"error":{"message","type","param","code"}}</c>.</summary>
    Wrapped,

    /// <summary><c>{"message","type","param","code"}</c> with no wrapper (Cerebras).</summary>
    Bare,
}

/// <summary>USD per million tokens, for a provider-reported cost.</summary>
internal sealed record ReportedPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>Rounded to the nano-dollar, as the figure is written and kept.</summary>
    public decimal Of(int inputTokens, int outputTokens)
        => Math.Round(((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m, 9);
}
