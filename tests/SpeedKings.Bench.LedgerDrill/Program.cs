using System.Globalization;
using SpeedKings.Bench.Metrics.Budget;

// ledger-drill LEDGER BUDGET SEED BATCHES STREAMS PARTIES
// Spends in batches of concurrent streams: a batch either reserves once for all its streams (as an iteration does) or
// lets each stream reserve for itself. Every settle is a random share, 0–130 %, of what was reserved: answers may
// cost more than their worst case when a price is wrong. Prints what this process settled, by how much its settles
// exceeded their reservations and when it ran, for the test to check against the journal.
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: ledger-drill LEDGER BUDGET SEED BATCHES STREAMS PARTIES");
    return 2;
}

// All PARTIES drills on the ledger start spending together: each says it is ready and waits for the rest. A drill
// takes tens of milliseconds, less than .NET's start-up varies by on a loaded machine, so without this they could
// run one after the other and the test would not be about sharing at all.
string ledgerPath = Path.GetFullPath(args[0]);
File.WriteAllText($"{ledgerPath}.ready-{args[2]}", "");
int parties = int.Parse(args[5], CultureInfo.InvariantCulture);
long readyBy = Environment.TickCount64 + 60_000;
while (Directory.GetFiles(Path.GetDirectoryName(ledgerPath)!, Path.GetFileName(ledgerPath) + ".ready-*").Length < parties)
{
    if (Environment.TickCount64 > readyBy)
    {
        Console.Error.WriteLine($"the other drills on {ledgerPath} did not start within a minute");
        return 3;
    }

    Thread.Sleep(1);
}

var ledger = new BudgetLedger(args[0], decimal.Parse(args[1], CultureInfo.InvariantCulture));
var random = new Random(int.Parse(args[2], CultureInfo.InvariantCulture));
int batches = int.Parse(args[3], CultureInfo.InvariantCulture), streams = int.Parse(args[4], CultureInfo.InvariantCulture);
decimal settled = 0, excess = 0;
long started = DateTime.UtcNow.Ticks;
var gate = new Lock();

void Settle(BudgetReservation reservation, double share)
{
    decimal actual = Math.Round(reservation.WorstCaseUsd * (decimal)share, 9);
    ledger.Settle(reservation, actual);
    lock (gate)
    {
        settled += actual;
        excess += Math.Max(0, actual - reservation.WorstCaseUsd);
    }
}

for (int batch = 0; batch < batches; batch++)
{
    decimal worstEach = Math.Round((decimal)(0.0001 + random.NextDouble() * 0.005), 9);
    double[] shares = [.. Enumerable.Range(0, streams).Select(_ => random.NextDouble() * 1.3)];
    if (random.Next(2) == 0)
    {
        var (reservation, fit) = ledger.TryReserveUpTo(streams, worstEach);
        if (reservation is not null)
            Settle(reservation, shares.Take(fit).Average());
    }
    else
    {
        await Parallel.ForEachAsync(shares, new ParallelOptions { MaxDegreeOfParallelism = streams }, async (share, token) =>
        {
            if (ledger.TryReserve(worstEach) is { } reservation)
            {
                await Task.Delay(1, token); // the request in flight
                Settle(reservation, share);
            }
        });
    }
}

Console.WriteLine(FormattableString.Invariant($"settled {settled} excess {excess} from {started} to {DateTime.UtcNow.Ticks}"));
return 0;
