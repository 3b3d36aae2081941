namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>
/// Prices that apply during part of each UTC day instead of an entry's own (DeepSeek's off-peak hours), in USD per
/// million tokens. The window includes <see cref="FromUtc"/> and excludes <see cref="ToUtc"/>, and may run past
/// midnight (16:30 → 00:30).
/// </summary>
public sealed record PriceTier(
    string Name, TimeOnly FromUtc, TimeOnly ToUtc, decimal InputPerMillion, decimal CachedInputPerMillion, decimal OutputPerMillion)
{
    public bool Contains(TimeOnly utc) => FromUtc <= ToUtc
        ? utc >= FromUtc && utc < ToUtc
        : utc >= FromUtc || utc < ToUtc;
}
