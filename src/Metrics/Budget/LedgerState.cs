namespace SpeedKings.Bench.Metrics.Budget;

/// <summary>The ledger replayed: what requests cost so far, and what is set aside for requests in flight.</summary>
internal sealed record LedgerState(decimal SpentUsd, decimal ReservedUsd, int OpenReservations)
{
    public decimal CommittedUsd => SpentUsd + ReservedUsd;
}
