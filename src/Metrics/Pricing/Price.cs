namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>One dated price list entry, in USD per million tokens.</summary>
/// <param name="Model">A model id, or <c>*</c> for every model of the provider without an entry of its own.</param>
/// <param name="CachedInputPerMillion">Price of input served from the prompt cache; the input price when not listed.</param>
/// <param name="Source">Where the figure was read (a URL or a note), so anyone can check it.</param>
/// <param name="Notional">True for prices nobody pays (the loopback reference): they exercise the cost pipeline.</param>
public sealed record Price(
    string Provider,
    string Model,
    DateOnly Effective,
    decimal InputPerMillion,
    decimal CachedInputPerMillion,
    decimal OutputPerMillion,
    string Source,
    bool Notional = false)
{
    public const string AnyModel = "*";
}
