using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Metrics.Budget;

namespace SpeedKings.Bench.Budgeting;

/// <summary>What each of BenchmarkDotNet's cases is expected to cost, from its params and its job's counts.</summary>
internal static class CaseEstimates
{
    /// <param name="measured">Measured requests per case to price (the budget plan tries fewer until the run fits).</param>
    public static IReadOnlyList<CostEstimate> Of(IEnumerable<BenchmarkCase> cases, RunContext run, int measured)
        => [.. cases.Select(c =>
        {
            CaseParams p = CaseParams.Of(c);
            RunTarget target = run.Target(p);
            var prompt = run.Prompt(p.Prompt);
            return new CostEstimate(
                target.Param, target.Provider.Id, target.Model, prompt.Id, c.Job.Run.WarmupCount, measured,
                prompt.ExpectedInputTokens, prompt.ExpectedOutputTokens, prompt.MaxTokens, target.Price, p.RequestsPerIteration(run) * prompt.TurnCount)
            {
                WorstInputTokens = prompt.WorstInputTokens,
            };
        })];
}
