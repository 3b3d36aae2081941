using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// The ledger's promise across processes, as benchmark processes share it: two real processes spend from one journal
/// at once, with concurrent streams, random prices and settles above and below their reservations. The journal is
/// then replayed by the test's own reading of it: no reservation was ever granted past the budget, no settle was
/// lost, and the spend passed the budget only by what settles exceeded their reservations.
/// </summary>
public class LedgerAcrossProcessesTests
{
    private const int Batches = 25;

    [Fact]
    public void Two_processes_on_one_ledger_never_reserve_past_the_budget()
    {
        Gen.Select(Gen.Int[5, 60], Gen.Int[1, 16], Gen.Int[0, 1_000_000])
            .Sample((budgetCents, streams, seed) =>
            {
                decimal budget = budgetCents / 100m;
                string ledger = Path.Combine(Path.GetTempPath(), $"speedkings-ledger-{Guid.NewGuid():N}.txt");
                try
                {
                    using Process first = StartDrill(ledger, budget, seed, streams), second = StartDrill(ledger, budget, seed + 1, streams);
                    Drill a = Finish(first), b = Finish(second);
                    Assert.True(a.Started < b.Ended && b.Started < a.Ended, "the two processes did not overlap");
                    Replay(File.ReadAllLines(ledger), budget, a, b);
                }
                finally
                {
                    File.Delete(ledger);
                    foreach (string ready in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(ledger) + ".ready-*"))
                        File.Delete(ready);
                }
            }, iter: 25, threads: 1);
    }

    /// <summary>The journal read line by line, independently of the ledger's own replay.</summary>
    private static void Replay(string[] journal, decimal budget, Drill a, Drill b)
    {
        var open = new Dictionary<string, decimal>(StringComparer.Ordinal);
        decimal spent = 0;
        foreach (string line in journal)
        {
            string[] parts = line.Split(' ');
            Assert.Equal(3, parts.Length); // no torn or interleaved line: every append was whole
            decimal amount = decimal.Parse(parts[2], CultureInfo.InvariantCulture);
            if (parts[0] == "reserve")
            {
                Assert.True(spent + open.Values.Sum() + amount <= budget, $"reserved {amount} with {spent} spent and {open.Values.Sum()} held of {budget}");
                open.Add(parts[1], amount);
            }
            else
            {
                Assert.Equal("settle", parts[0]);
                Assert.True(open.Remove(parts[1]), $"settled {parts[1]}, which was not held");
                spent += amount;
            }
        }

        Assert.Empty(open); // every reservation was settled
        Assert.Equal(a.Settled + b.Settled, spent); // nothing either process settled went missing
        Assert.True(spent <= budget + a.Excess + b.Excess, $"spent {spent} of {budget} with only {a.Excess + b.Excess} of settles above their reservations");
    }

    private static Process StartDrill(string ledger, decimal budget, int seed, int streams)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "SpeedKings.Bench.LedgerDrill.dll"), ledger, budget.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture), Batches.ToString(CultureInfo.InvariantCulture), streams.ToString(CultureInfo.InvariantCulture), "2" })
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    private static Drill Finish(Process drill)
    {
        string output = drill.StandardOutput.ReadToEnd();
        Assert.True(drill.WaitForExit(TimeSpan.FromMinutes(2)), "a drill process hung");
        Assert.True(drill.ExitCode == 0, output + drill.StandardError.ReadToEnd());
        string[] words = output.Trim().Split(' ');
        return new Drill(
            decimal.Parse(words[1], CultureInfo.InvariantCulture),
            decimal.Parse(words[3], CultureInfo.InvariantCulture),
            long.Parse(words[5], CultureInfo.InvariantCulture),
            long.Parse(words[7], CultureInfo.InvariantCulture));
    }

    private sealed record Drill(decimal Settled, decimal Excess, long Started, long Ended);
}
