namespace SpeedKings.Bench.Metrics.Records;

/// <summary>
/// Timings the provider reports about itself (Cerebras <c>time_info</c>, Groq <c>x_groq.usage</c>, Ollama durations,
/// llama.cpp <c>timings</c>…), normalised to milliseconds. Kept beside the client's timings, never mixed into them.
/// </summary>
/// <param name="Source">The field they came from, e.g. <c>time_info</c>.</param>
public sealed record ServerTimings(
    string Source,
    double? QueueMs,
    double? PromptMs,
    double? CompletionMs,
    double? TotalMs)
{
    /// <summary>Time the server says it spent before the first token could exist: queueing plus prompt processing.</summary>
    public double? BeforeFirstTokenMs => QueueMs is null && PromptMs is null ? null : (QueueMs ?? 0) + (PromptMs ?? 0);
}
