using System.Globalization;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Reporting;

/// <summary>A conversation case turn by turn, one row a turn: for the console after a run and for the methodology.</summary>
internal static class TurnTable
{
    public static Table Of(IEnumerable<TurnFigures> turns)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table(">Turn", ">Succeeded", ">Input tokens", ">Cached in %", ">TTFT p50 (ms)", ">E2E p50 (ms)", ">$/request");
        foreach (TurnFigures t in turns)
        {
            table.Add(
                t.Turn.ToString(c), t.Succeeded.ToString(c), t.InputTokensMean.ToString("0", c), (t.CachedInputShare * 100).ToString("0.0", c),
                Milliseconds(t.TtftP50), Milliseconds(t.EndToEndP50), t.CostPerRequestUsd?.ToString("0.000000", c) ?? "n/a");
        }

        return table;
    }

    private static string Milliseconds(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture);
}
