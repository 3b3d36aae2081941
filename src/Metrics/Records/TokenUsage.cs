namespace SpeedKings.Bench.Metrics.Records;

/// <summary>Token counts of one request, as billed.</summary>
/// <param name="InputTokens">All prompt tokens, cached ones included.</param>
/// <param name="CachedInputTokens">The part of <paramref name="InputTokens"/> served from the provider's prompt cache.</param>
/// <param name="OutputTokens">Generated tokens, reasoning included (reasoning is billed as output).</param>
/// <param name="ReasoningTokens">The part of <paramref name="OutputTokens"/> spent on reasoning, when the provider says.</param>
/// <param name="Source">Reported by the provider, or estimated by the client.</param>
public sealed record TokenUsage(
    int InputTokens,
    int CachedInputTokens,
    int OutputTokens,
    int? ReasoningTokens,
    UsageSource Source)
{
    public int UncachedInputTokens => Math.Max(0, InputTokens - CachedInputTokens);
}
