namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>
/// Prices for a request whose prompt is longer than <see cref="AboveInputTokens"/> (Gemini Pro and Claude Sonnet bill a
/// long prompt's whole request dearer), in USD per million tokens. The prompt's length is all its input, cached included.
/// </summary>
public sealed record LongContextPrice(long AboveInputTokens, decimal InputPerMillion, decimal CachedInputPerMillion, decimal OutputPerMillion)
{
    public bool AppliesTo(long inputTokens) => inputTokens > AboveInputTokens;
}
