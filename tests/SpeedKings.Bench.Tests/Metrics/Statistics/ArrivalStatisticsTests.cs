using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Tests.Metrics.Statistics;

/// <summary>How well a rate case kept its schedule, from records whose figures are worked out by hand here.</summary>
public class ArrivalStatisticsTests
{
    private static RequestRecord Sent(double intendedMs, double lagMs, double inFlightMs) => new()
    {
        Provider = "p",
        Model = "m",
        Prompt = "Short",
        StartedUtc = DateTimeOffset.UnixEpoch,
        IntendedOffsetMs = intendedMs,
        ScheduleLagMs = lagMs,
        StreamEndMs = inFlightMs,
    };

    [Fact]
    public void Rates_and_gap_spreads_come_from_each_iteration_apart()
    {
        // Iteration 1: intended 0, 100, 200 ms; sent 0, 110, 200 → 2 gaps over 200 ms.
        // Iteration 2: intended 0, 50 ms; sent 1, 61 → 1 gap over 60 ms. The pause between them is no gap.
        RequestRecord[] records = [Sent(0, 0, 10), Sent(100, 10, 10), Sent(200, 0, 10), Sent(0, 1, 10), Sent(50, 11, 10)];
        ArrivalStatistics stats = ArrivalStatistics.From(records)!;

        Assert.Equal(5, stats.Sent);
        Assert.Equal(3 / 0.260, stats.AchievedPerSecond, 9);    // 3 gaps in 200 + 60 ms
        Assert.Equal(3 / 0.250, stats.IntendedPerSecond, 9);    // 3 gaps in 200 + 50 ms
        // Actual gaps 110, 90, 60: mean 86.67, sample SD 25.17.
        Assert.Equal(Math.Sqrt((23.333 * 23.333 + 3.333 * 3.333 + 26.667 * 26.667) / 2) / 86.667, stats.GapCv, 3);
        // Intended gaps 100, 100, 50.
        Assert.Equal(Math.Sqrt((16.667 * 16.667 * 2 + 33.333 * 33.333) / 2) / 83.333, stats.IntendedGapCv, 3);
        Assert.Equal(0.010, stats.MeanInFlightSeconds, 9);
        Assert.Equal(3 / 0.260 * 0.010, stats.LittlesLawInFlight, 9);
    }

    [Fact]
    public void Requests_in_flight_are_counted_in_the_steady_part_between_ramp_up_and_drain()
    {
        // Sends every 10 ms from 0 to 100 ms, each 25 ms in flight: steady window [25, 100] ms. In it, by hand, the
        // requests sent at 0, 10, 20 overlap it for 0, 10, 20 ms, those at 30..70 for 25 ms each, those at 80, 90, 100
        // for 20, 10, 0 ms: 185 ms over 75 ms ≈ 2.467 — Little's law gives 100/s × 0.025 s = 2.5, the difference being
        // the window's clipped ends.
        RequestRecord[] records = [.. Enumerable.Range(0, 11).Select(i => Sent(10 * i, 0, 25))];
        ArrivalStatistics stats = ArrivalStatistics.From(records)!;
        Assert.Equal(185.0 / 75, stats.MeanInFlight, 9);
        Assert.Equal(100, stats.AchievedPerSecond, 9);
        Assert.Equal(2.5, stats.LittlesLawInFlight, 9);
    }

    [Fact]
    public void Closed_loop_records_have_no_arrival_statistics()
    {
        var closed = new RequestRecord { Provider = "p", Model = "m", Prompt = "Short", StartedUtc = DateTimeOffset.UnixEpoch, ScheduleLagMs = 0.1 };
        Assert.Null(ArrivalStatistics.From([closed, closed]));
    }
}
