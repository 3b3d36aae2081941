namespace SpeedKings.Bench.Metrics.Records;

/// <summary>
/// Timings the provider reports about itself (Cerebras <c>time_info</c>, Groq <c>x_groq.usage</c>, Ollama durations,
/// llama.cpp <c>timings</c>…), normalised to milliseconds. Kept beside the client's timings, never mixed into them.
/// </summary>
/// <param name="Source">The field they came from, e.g. <c>time_info</c>.</param>
/// <param name="LoadMs">Model load time reported by a local engine (Ollama's <c>load_duration</c>): a cold start, reported separately.</param>
/// <param name="FirstTokenMs">The server's own time to first token, where it reports one (SambaNova).</param>
/// <param name="OutputTokensPerSecond">The server's own output speed, where it reports one (SambaNova, llama.cpp).</param>
public sealed record ServerTimings(
    string Source,
    double? QueueMs,
    double? PromptMs,
    double? CompletionMs,
    double? TotalMs,
    double? LoadMs = null,
    double? FirstTokenMs = null,
    double? OutputTokensPerSecond = null)
{
    /// <summary>Time the server says it spent before the first token could exist: queueing, loading, prompt processing.</summary>
    public double? BeforeFirstTokenMs => QueueMs is null && PromptMs is null && LoadMs is null
        ? null
        : (QueueMs ?? 0) + (LoadMs ?? 0) + (PromptMs ?? 0);
}
