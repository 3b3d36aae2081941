namespace SpeedKings.Bench.Metrics.Budget;

/// <summary>
/// Fits a run into its budget before anything is sent, by its expected cost (expected tokens at current prices). A
/// run that does not fit is scaled down to fewer measured requests per case, never below
/// <see cref="MinimumMeasured"/>, and says so; if even that does not fit it is refused with the amount that would.
/// The plan is an estimate: the hard cap is the ledger, which reserves each request's worst case before sending,
/// so answers longer than expected stop a case early (and say so) rather than overspend.
/// </summary>
internal sealed record BudgetPlan(IReadOnlyList<CostEstimate> Cases, decimal BudgetUsd, int RequestedMeasured, int Measured, string? Refusal)
{
    /// <summary>Fewer measured requests than this and a median says little; p90 already needs ten.</summary>
    public const int MinimumMeasured = 3;

    public bool IsRefused => Refusal is not null;

    public bool IsScaledDown => !IsRefused && Measured < RequestedMeasured;

    public decimal ExpectedUsd => Cases.Sum(c => c.ExpectedUsd);

    public decimal WorstCaseUsd => Cases.Sum(c => c.WorstCaseUsd);

    /// <param name="estimate">The cases' estimates for a given number of measured requests per case.</param>
    public static BudgetPlan Fit(Func<int, IReadOnlyList<CostEstimate>> estimate, int requestedMeasured, decimal budgetUsd)
    {
        int floor = Math.Min(MinimumMeasured, requestedMeasured);
        for (int measured = requestedMeasured; measured >= floor; measured--)
        {
            IReadOnlyList<CostEstimate> cases = estimate(measured);
            if (cases.Sum(c => c.ExpectedUsd) <= budgetUsd)
                return new BudgetPlan(cases, budgetUsd, requestedMeasured, measured, null);
        }

        IReadOnlyList<CostEstimate> smallest = estimate(floor);
        decimal needed = smallest.Sum(c => c.ExpectedUsd);
        string refusal = $"the run is expected to cost ${needed:0.######} even at {floor} measured requests per case, more than the ${budgetUsd:0.######} budget; "
            + $"raise --budget to {Math.Ceiling(needed * 10_000) / 10_000:0.####} or narrow --filter";
        return new BudgetPlan(smallest, budgetUsd, requestedMeasured, floor, refusal);
    }
}
