using SpeedKings.Bench.Context;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Budgeting;

/// <summary>
/// The budget as a benchmark process sees it: the run's ledger, and the worst case of one request of this case,
/// reserved for a whole iteration's streams before they are sent and settled with their real cost after.
/// </summary>
internal sealed class RunBudget(BudgetLedger ledger, decimal worstCasePerRequestUsd)
{
    public decimal WorstCasePerRequestUsd { get; } = worstCasePerRequestUsd;

    public static RunBudget For(RunContext run, RunTarget target, Providers.Prompts.PromptDefinition prompt)
        => new(new BudgetLedger(run.LedgerPath, run.BudgetUsd), target.WorstCasePerRequestUsd(prompt));

    /// <summary>Reserves the worst case of as many of <paramref name="streams"/> requests as the budget covers.</summary>
    public (BudgetReservation? Reservation, int Streams) TryReserve(int streams) => ledger.TryReserveUpTo(streams, WorstCasePerRequestUsd);

    public void Settle(BudgetReservation reservation, decimal actualUsd) => ledger.Settle(reservation, actualUsd);

    /// <summary>The record of a request the budget did not let through: nothing was sent, nothing was spent.</summary>
    public RequestRecord NotSent(string provider, string model, string prompt)
    {
        LedgerState state = ledger.Read();
        return new RequestRecord
        {
            Provider = provider,
            Model = model,
            Prompt = prompt,
            StartedUtc = DateTimeOffset.UtcNow,
            Failure = FailureKind.Budget,
            FailureMessage = $"not sent: ${state.CommittedUsd:0.000000} of the ${ledger.BudgetUsd:0.######} budget is spent or reserved and this request could cost up to ${WorstCasePerRequestUsd:0.000000}",
        };
    }
}
