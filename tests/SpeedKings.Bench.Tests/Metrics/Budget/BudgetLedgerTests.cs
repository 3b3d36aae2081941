using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Pricing;

namespace SpeedKings.Bench.Tests.Metrics.Budget;

public sealed class BudgetLedgerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speedkings-ledger-" + Guid.NewGuid().ToString("N"));

    private string LedgerPath => Path.Combine(_folder, "ledger.txt");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_request_is_refused_when_spent_plus_its_worst_case_would_pass_the_budget()
    {
        var ledger = new BudgetLedger(LedgerPath, 1.00m);
        var first = ledger.TryReserve(0.60m);
        Assert.NotNull(first);
        Assert.Null(ledger.TryReserve(0.41m)); // 0.60 reserved + 0.41 > 1.00
        ledger.Settle(first, 0.30m);
        Assert.NotNull(ledger.TryReserve(0.70m)); // 0.30 spent + 0.70 = 1.00 fits exactly
        Assert.Equal(new LedgerState(0.30m, 0.70m, 1), ledger.Read());
    }

    [Fact]
    public void The_cap_holds_under_random_prices_lengths_and_case_orders()
    {
        var random = new Random(20261123);
        for (int trial = 0; trial < 200; trial++)
        {
            string path = Path.Combine(_folder, $"trial-{trial}.txt");
            decimal budget = random.Next(1, 500) / 1000m;
            var ledger = new BudgetLedger(path, budget);
            var price = new Price("p", "*", default, random.Next(0, 5000) / 100m, 0, random.Next(1, 20000) / 100m, "random");
            var cases = Enumerable.Range(0, random.Next(1, 8))
                .Select(_ => (Input: random.Next(1, 2000), MaxTokens: random.Next(1, 4000)))
                .OrderBy(_ => random.Next())
                .ToList();
            foreach (var (input, maxTokens) in cases)
            {
                for (int request = 0; request < random.Next(1, 12); request++)
                {
                    decimal worst = WorstCase.PerRequestUsd(price, input, maxTokens);
                    if (ledger.TryReserve(worst) is not { } reservation)
                        continue;
                    // The provider bills at most the template-padded input and max tokens out.
                    decimal actual = Cost.Of(price, random.Next(0, WorstCase.InputTokens(input) + 1), 0, random.Next(0, maxTokens + 1));
                    ledger.Settle(reservation, actual);
                    Assert.True(ledger.Read().SpentUsd <= budget, $"trial {trial}: spent {ledger.Read().SpentUsd} of {budget}");
                }
            }

            Assert.Equal(0, ledger.Read().OpenReservations);
        }
    }

    [Fact]
    public async Task Two_spenders_on_one_ledger_file_never_overshoot_together()
    {
        // Each spender has its own ledger object and file handle, exactly as two benchmark processes do; the file
        // lock is the only thing between them.
        const decimal budget = 0.05m;
        async Task<int> SpendAsync(int seed)
        {
            var ledger = new BudgetLedger(LedgerPath, budget);
            var random = new Random(seed);
            int sent = 0;
            for (int i = 0; i < 300; i++)
            {
                if (ledger.TryReserve(0.001m) is { } reservation)
                {
                    await Task.Yield();
                    ledger.Settle(reservation, random.Next(0, 11) / 10_000m);
                    sent++;
                }
            }

            return sent;
        }

        int[] sent = await Task.WhenAll(Task.Run(() => SpendAsync(1)), Task.Run(() => SpendAsync(2)));
        LedgerState state = new BudgetLedger(LedgerPath, budget).Read();
        Assert.True(state.SpentUsd <= budget);
        Assert.Equal(0, state.OpenReservations);
        Assert.Equal(sent.Sum(), File.ReadLines(LedgerPath).Count(l => l.StartsWith("settle", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_interrupted_run_leaves_a_consistent_ledger_that_errs_on_spending_less()
    {
        var ledger = new BudgetLedger(LedgerPath, 1.00m);
        ledger.Settle(ledger.TryReserve(0.20m)!, 0.10m);
        ledger.TryReserve(0.50m); // the process dies with this request in flight: never settled
        File.AppendAllText(LedgerPath, "settle 1234"); // and a line torn mid-write

        LedgerState state = new BudgetLedger(LedgerPath, 1.00m).Read();
        Assert.Equal(new LedgerState(0.10m, 0.50m, 1), state);
        var resumed = new BudgetLedger(LedgerPath, 1.00m);
        Assert.Null(resumed.TryReserve(0.41m)); // the lost request still counts: no overshoot
        Assert.NotNull(resumed.TryReserve(0.40m));
        Assert.Equal(3, File.ReadLines(LedgerPath).Count(l => l.StartsWith("reserve", StringComparison.Ordinal)));
    }
}
