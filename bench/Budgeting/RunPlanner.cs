using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Budgeting;

/// <summary>Lists the cases a run will execute and prices them before anything is built or sent.</summary>
public sealed class RunPlanner(SuiteData data, IReadOnlyList<ProviderStatus> statuses, FilterPreflight filter)
{
    public BudgetPlan Plan(RunOptions options, IReadOnlyList<string> filters)
        => BudgetPlan.Fit(measured => Estimate(options.Warmup, measured, options.Concurrency, filters), options.Measured, options.BudgetUsd);

    /// <summary>Provider param values whose requests are costly enough to skip warmup.</summary>
    public IReadOnlySet<string> ColdTargets(BudgetPlan plan)
        => plan.Cases.Where(c => c.Warmup == 0).Select(c => c.Case).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a provider takes concurrent streams: only endpoints the user owns do.</summary>
    public static bool TakesConcurrency(ProviderKind kind) => kind is ProviderKind.Reference or ProviderKind.Local;

    private List<CostEstimate> Estimate(int warmup, int measured, IReadOnlyList<int> concurrency, IReadOnlyList<string> filters)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var cases = new List<CostEstimate>();
        foreach (ProviderStatus status in statuses.Where(s => s.IsConfigured))
        {
            foreach (ProviderTarget target in ProviderTarget.Of(status))
            {
                string model = target.Model ?? status.Models[0];
                foreach (var prompt in data.Prompts.Prompts)
                {
                    if (!filter.Selects(filters, target.ParamValue, prompt.Id))
                        continue;
                    foreach (int streams in concurrency.Where(c => c == 1 || TakesConcurrency(status.Descriptor.Kind)))
                    {
                        var estimate = new CostEstimate(
                            target.ParamValue, status.Descriptor.Id, model, prompt.Id, warmup, measured,
                            prompt.ExpectedInputTokens, prompt.ExpectedOutputTokens, prompt.MaxTokens,
                            data.Prices.Find(status.Descriptor.Id, model, today), streams);
                        if (WarmupPolicy.SkipsWarmup(status.Descriptor.Kind, estimate.WorstCasePerRequestUsd))
                            estimate = estimate with { Warmup = 0 };
                        cases.Add(estimate);
                    }
                }
            }
        }

        return cases;
    }
}
