using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>The one cost function every report, estimate and budget check uses.</summary>
public static class Cost
{
    private const decimal TokensPerUnit = 1_000_000m;

    /// <summary>
    /// uncached input × input price + cached input × cached price + output × output price, at the entry's long-context
    /// prices when the whole prompt (uncached + cached) passes their threshold. Reasoning tokens are part of the output
    /// and billed as output.
    /// </summary>
    public static decimal Of(Price price, TokenUsage usage)
        => Of(price, usage.UncachedInputTokens, usage.CachedInputTokens, usage.OutputTokens);

    public static decimal Of(Price price, long uncachedInputTokens, long cachedInputTokens, long outputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(uncachedInputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedInputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        price = price.ForInput(uncachedInputTokens + cachedInputTokens);
        return ((uncachedInputTokens * price.InputPerMillion)
                + (cachedInputTokens * price.CachedInputPerMillion)
                + (outputTokens * price.OutputPerMillion)) / TokensPerUnit;
    }

    /// <summary>
    /// What one request cost: the price in force when it was sent (a time-of-day tier where one applies) times its usage.
    /// The price table decides; the provider's own figure fills in only where the table has no price.
    /// </summary>
    /// <returns>Null when neither a price with usage nor a reported cost is known.</returns>
    public static decimal? OfRequest(Price? price, TokenUsage? usage, DateTimeOffset sentUtc, decimal? reportedUsd)
        => price is not null && usage is not null ? Of(price.At(sentUtc), usage) : reportedUsd;

    /// <summary>Blended price per million tokens for a given input:output mix, as comparison tables quote it.</summary>
    public static decimal BlendedPerMillion(Price price, long inputTokens, long outputTokens)
    {
        long total = inputTokens + outputTokens;
        return total == 0 ? 0m : Of(price, inputTokens, 0, outputTokens) * TokensPerUnit / total;
    }
}
