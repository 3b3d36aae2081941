using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Metrics.Statistics;

/// <summary>
/// One turn of a conversation case, over its successful measured requests: how the growing history and the prompt
/// cache move input, TTFT and cost from turn to turn. Times in milliseconds, money in USD.
/// </summary>
internal sealed record TurnFigures(int Turn, int Succeeded, double InputTokensMean, double CachedInputShare, double TtftP50, double EndToEndP50, decimal? CostPerRequestUsd)
{
    /// <summary>Per turn, in turn order; empty when the case is not a conversation.</summary>
    public static IReadOnlyList<TurnFigures> Of(IEnumerable<RequestRecord> measured)
        => [.. measured.Where(r => r.Turn is not null && r.Succeeded)
            .GroupBy(r => r.Turn!.Value)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                long input = g.Sum(r => (long)(r.Usage?.InputTokens ?? 0));
                var priced = g.Where(r => r.CostUsd is not null).ToList();
                return new TurnFigures(
                    g.Key,
                    g.Count(),
                    g.Average(r => (double)(r.Usage?.InputTokens ?? 0)),
                    input > 0 ? g.Sum(r => (long)(r.Usage?.CachedInputTokens ?? 0)) / (double)input : 0,
                    Distribution.Of(g.Select(r => r.FirstTokenMs ?? double.NaN)).P50,
                    Distribution.Of(g.Select(r => r.LastTokenMs ?? double.NaN)).P50,
                    priced.Count == 0 ? null : priced.Sum(r => r.CostUsd!.Value) / priced.Count);
            })];
}
