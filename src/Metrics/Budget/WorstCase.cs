using SpeedKings.Bench.Metrics.Pricing;

namespace SpeedKings.Bench.Metrics.Budget;

/// <summary>The most one request can cost: what the ledger reserves before sending it.</summary>
internal static class WorstCase
{
    /// <summary>
    /// Input is the prompt's o200k_base count with headroom, because providers bill their own tokenizer and chat
    /// template (role markers, system preamble), which the prompt text alone does not show: +25 % and 32 tokens.
    /// Output is max tokens: the provider cannot bill more. Prices are the day's dearest, whatever the time of day.
    /// </summary>
    public static int InputTokens(int expectedInputTokens) => (int)Math.Ceiling(expectedInputTokens * 1.25) + 32;

    public static decimal PerRequestUsd(Price price, int expectedInputTokens, int maxTokens)
        => Cost.Of(price.Highest(), InputTokens(expectedInputTokens), 0, maxTokens);
}
