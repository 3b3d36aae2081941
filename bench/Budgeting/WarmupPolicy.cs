using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Budgeting;

/// <summary>
/// Warmup opens connections and wakes caches, but on a costly provider it is money spent on a number nobody sees.
/// Costly providers skip it (the connection is still opened by a free model-list call); the loopback reference and
/// local engines always warm up, since they cost nothing.
/// </summary>
internal static class WarmupPolicy
{
    /// <summary>A request whose worst case costs more than this skips warmup.</summary>
    public const decimal CostlyRequestUsd = 0.005m;

    public static bool SkipsWarmup(ProviderKind kind, decimal worstCasePerRequestUsd)
        => kind == ProviderKind.Cloud && worstCasePerRequestUsd > CostlyRequestUsd;
}
