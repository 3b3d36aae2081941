using SpeedKings.Bench.Metrics.Pricing;

namespace SpeedKings.Bench.Metrics.Budget;

/// <summary>What one benchmark case is expected to cost, and at worst can cost, before anything is sent.</summary>
/// <param name="Streams">Requests per iteration: the concurrency level, or at a request rate the arrivals of an iteration, times a conversation's turns.</param>
/// <param name="Price">Null when no price is known: such a case cannot be budgeted and is refused unless free by kind.</param>
internal sealed record CostEstimate(
    string Case,
    string Provider,
    string Model,
    string Prompt,
    int Warmup,
    int Measured,
    int ExpectedInputTokens,
    int ExpectedOutputTokens,
    int MaxTokens,
    Price? Price,
    int Streams = 1)
{
    /// <summary>Every request the case sends: (warmup + measured iterations) × streams per iteration.</summary>
    public int Requests => (Warmup + Measured) * Streams;

    /// <summary>The input a request reserves for at worst: a shape's longest draw, a conversation's last turn; the expected input otherwise.</summary>
    public int? WorstInputTokens { get; init; }

    public decimal ExpectedPerRequestUsd => Price is null ? 0 : Cost.Of(Price, ExpectedInputTokens, 0, ExpectedOutputTokens);

    /// <summary>The ledger's reservation per request: see <see cref="WorstCase"/>.</summary>
    public decimal WorstCasePerRequestUsd => Price is null ? 0 : WorstCase.PerRequestUsd(Price, WorstInputTokens ?? ExpectedInputTokens, MaxTokens);

    public decimal ExpectedUsd => ExpectedPerRequestUsd * Requests;

    public decimal WorstCaseUsd => WorstCasePerRequestUsd * Requests;
}
