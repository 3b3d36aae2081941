namespace SpeedKings.Bench.Metrics.Budget;

/// <summary>Money set aside in the ledger for one request, or one batch of concurrent requests, before it is sent.</summary>
internal sealed record BudgetReservation(string Id, decimal WorstCaseUsd);
