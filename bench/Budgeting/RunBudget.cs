using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Budgeting;

/// <summary>
/// The budget as a benchmark process sees it: the host's ledger (by variable), and the worst case of one request,
/// reserved before it is sent and settled with its real cost after.
/// </summary>
public sealed class RunBudget(BudgetLedger ledger, decimal worstCasePerRequestUsd)
{
    /// <summary>Set by the host: the ledger every benchmark process spends against.</summary>
    public const string LedgerVariable = "SPEEDKINGS_LEDGER";

    public decimal WorstCasePerRequestUsd { get; } = worstCasePerRequestUsd;

    /// <summary>The run's budget, or null when the benchmark runs without the host (nothing to share a ledger with).</summary>
    public static RunBudget? FromEnvironment(Price? price, int expectedInputTokens, ChatRequest request)
    {
        if (Environment.GetEnvironmentVariable(LedgerVariable) is not { Length: > 0 } path)
            return null;
        decimal budget = Environment.GetEnvironmentVariable(BudgetSetting.Variable) is { Length: > 0 } text
            ? BudgetSetting.Parse(text, BudgetSetting.Variable)
            : BudgetSetting.DefaultUsd;
        decimal worst = price is null ? 0 : WorstCase.PerRequestUsd(price, expectedInputTokens, request.MaxTokens);
        return new RunBudget(new BudgetLedger(path, budget), worst);
    }

    public BudgetReservation? TryReserve() => ledger.TryReserve(WorstCasePerRequestUsd);

    public void Settle(BudgetReservation reservation, RequestRecord record) => ledger.Settle(reservation, record.CostUsd ?? 0);

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
