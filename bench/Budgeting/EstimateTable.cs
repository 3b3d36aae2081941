using SpeedKings.Bench.Reporting;
using SpeedKings.Bench.Metrics.Budget;

namespace SpeedKings.Bench.Budgeting;

/// <summary>The estimate printed before any request: per case and in total, against the budget.</summary>
internal static class EstimateTable
{
    public static void Write(BudgetPlan plan, TextWriter output)
    {
        var table = new Table("Provider", "Model", "Prompt", "Warmup+measured", "Tokens in/out (max)", "Expected $", "Worst case $");
        foreach (CostEstimate c in plan.Cases)
        {
            table.Add(
                c.Case, c.Model, c.Prompt,
                c.Streams == 1 ? $"{c.Warmup}+{c.Measured}" : $"({c.Warmup}+{c.Measured}) × {c.Streams} requests",
                $"{c.ExpectedInputTokens}/{c.ExpectedOutputTokens} ({c.MaxTokens})",
                c.Price is null ? "no price" : $"{c.ExpectedUsd:0.000000}",
                c.Price is null ? "no price" : $"{c.WorstCaseUsd:0.000000}");
        }

        output.WriteLine("// Cost estimate in USD at data/pricing.json prices. Expected: the prompt's typical answer. Worst case: max tokens");
        output.WriteLine("// out and input with headroom for the provider's chat template; the ledger reserves it before each request.");
        table.WriteTo(output);
        output.WriteLine($"// Total: expected ${plan.ExpectedUsd:0.000000}, worst case ${plan.WorstCaseUsd:0.000000}, budget ${plan.BudgetUsd:0.######}.");
        if (plan.IsScaledDown)
            output.WriteLine($"// Scaled down to fit the budget: {plan.Measured} measured requests per case instead of {plan.RequestedMeasured}.");
        foreach (CostEstimate unpriced in plan.Cases.Where(c => c.Price is null).DistinctBy(c => c.Case))
            output.WriteLine($"// {unpriced.Case}: no price for {unpriced.Model} in data/pricing.json; its spend counts as $0 (add one with SPEEDKINGS_PRICING).");
    }
}
