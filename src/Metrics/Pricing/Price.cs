namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>One dated price list entry, in USD per million tokens.</summary>
/// <param name="Model">A model id, or <c>*</c> for every model of the provider without an entry of its own.</param>
/// <param name="CachedInputPerMillion">Price of input served from the prompt cache; the input price when not listed.</param>
/// <param name="Source">Where the figure was read (a URL or a note), so anyone can check it.</param>
/// <param name="Notional">True for prices nobody pays (the loopback reference): they exercise the cost pipeline.</param>
/// <param name="Tiers">Time-of-day windows with prices of their own; outside them the entry's prices apply.</param>
/// <param name="LongContext">Dearer prices for a prompt past a length, whatever the time of day; null when the entry has none.</param>
public sealed record Price(
    string Provider,
    string Model,
    DateOnly Effective,
    decimal InputPerMillion,
    decimal CachedInputPerMillion,
    decimal OutputPerMillion,
    string Source,
    bool Notional = false,
    IReadOnlyList<PriceTier>? Tiers = null,
    LongContextPrice? LongContext = null)
{
    public const string AnyModel = "*";

    /// <summary>
    /// The prices charged for a request sent at <paramref name="instant"/>: a tier's, when one covers that time of the
    /// UTC day, else the entry's own.
    /// </summary>
    public Price At(DateTimeOffset instant)
    {
        if (Tiers is not { Count: > 0 })
            return this;
        var utc = TimeOnly.FromTimeSpan(instant.UtcDateTime.TimeOfDay);
        foreach (PriceTier tier in Tiers)
        {
            if (tier.Contains(utc))
            {
                return this with
                {
                    InputPerMillion = tier.InputPerMillion,
                    CachedInputPerMillion = tier.CachedInputPerMillion,
                    OutputPerMillion = tier.OutputPerMillion,
                    Tiers = null,
                };
            }
        }

        return this with { Tiers = null };
    }

    /// <summary>The prices charged for a prompt of <paramref name="inputTokens"/>: the long-context ones past their threshold.</summary>
    public Price ForInput(long inputTokens) => LongContext is { } tier && tier.AppliesTo(inputTokens)
        ? this with
        {
            InputPerMillion = tier.InputPerMillion,
            CachedInputPerMillion = tier.CachedInputPerMillion,
            OutputPerMillion = tier.OutputPerMillion,
            Tiers = null,
            LongContext = null,
        }
        : this;

    /// <summary>The dearest figure of each kind over the day: what a budget reserves when a run may cross a tier boundary.</summary>
    public Price Highest() => Tiers is not { Count: > 0 }
        ? this
        : this with
        {
            InputPerMillion = Math.Max(InputPerMillion, Tiers.Max(t => t.InputPerMillion)),
            CachedInputPerMillion = Math.Max(CachedInputPerMillion, Tiers.Max(t => t.CachedInputPerMillion)),
            OutputPerMillion = Math.Max(OutputPerMillion, Tiers.Max(t => t.OutputPerMillion)),
            Tiers = null,
        };
}
