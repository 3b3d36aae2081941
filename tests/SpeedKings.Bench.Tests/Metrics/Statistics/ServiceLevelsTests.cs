using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Tests.Metrics.Statistics;

/// <summary>--slo: which requests count as good, judged as the user waited, and the goodput they make.</summary>
public class ServiceLevelsTests
{
    private static RequestRecord Request(double ttft, double last, double? lag = null, FailureKind? failure = null) => new()
    {
        Provider = "p", Model = "m", Prompt = "Short", StartedUtc = default,
        FirstTokenMs = ttft, LastTokenMs = last, TextEventArrivalsMs = [ttft, last], FirstEventChars = 1, GeneratedChars = 10,
        Usage = new TokenUsage(10, 0, 101, null, UsageSource.Reported), ScheduleLagMs = lag, Failure = failure,
    };

    [Fact]
    public void Objectives_parse_in_any_unit_and_order()
    {
        Assert.Equal(new ServiceLevels(500, 50, 10_000), ServiceLevels.Parse("e2e=10s, ttft=500ms,tpot=50", "--slo"));
        Assert.Equal(new ServiceLevels(null, null, 2_500), ServiceLevels.Parse("e2e=2.5s", "--slo"));
        Assert.Equal("ttft ≤ 500 ms, e2e ≤ 10000 ms", new ServiceLevels(500, null, 10_000).Describe());
    }

    [Theory]
    [InlineData("", "--slo needs at least one objective")]
    [InlineData("ttft=fast", "--slo takes objectives like ttft=500ms,tpot=50ms,e2e=10s (got 'ttft=fast')")]
    [InlineData("ttft=-5ms", "(got 'ttft=-5ms')")]
    [InlineData("itl=5ms", "--slo: 'itl' is not an objective")]
    [InlineData("ttft=1s,ttft=2s", "or is given twice")]
    public void Bad_objectives_get_one_sentence(string text, string expected)
        => Assert.Contains(expected, Assert.Throws<FormatException>(() => ServiceLevels.Parse(text, "--slo")).Message, StringComparison.Ordinal);

    [Fact]
    public void A_request_is_good_only_when_it_succeeded_and_met_every_objective_counted_from_its_intended_time()
    {
        var slo = new ServiceLevels(TtftMs: 100, TpotMs: 10, EndToEndMs: 1000);
        Assert.True(slo.IsMetBy(Request(ttft: 90, last: 990)));                   // TPOT (990 − 90) / 100 = 9 ms
        Assert.False(slo.IsMetBy(Request(ttft: 90, last: 990, lag: 20)));         // 110 ms from its intended time
        Assert.False(slo.IsMetBy(Request(ttft: 50, last: 1150)));                 // TPOT 11 ms
        Assert.False(slo.IsMetBy(Request(ttft: 10, last: 20, failure: FailureKind.Protocol)));
    }

    [Fact]
    public void Goodput_is_good_requests_over_measured_time_and_failures_count_against_it()
    {
        var slo = new ServiceLevels(TtftMs: 100, null, null);
        RequestRecord[] measured =
        [
            Request(50, 500), Request(80, 500), Request(150, 500),                          // two good, one too slow
            Request(10, 20, failure: FailureKind.Server),                                    // failed: not good
            Request(0, 0, failure: FailureKind.Budget) with { FirstTokenMs = null, LastTokenMs = null, Usage = null }, // never sent
        ];

        CaseSummary summary = CaseSummary.From(measured, measured, slo, measuredSeconds: 4);

        Assert.Equal(2, summary.Good);
        Assert.Equal(2 / 4.0, summary.GoodFraction!.Value, 12);  // of the four sent
        Assert.Equal(2 / 4.0, summary.Goodput!.Value, 12);       // two good in four seconds
        Assert.Equal(3 / 4.0, summary.RequestsPerSecond!.Value, 12);
        Assert.Equal(3 * 101 / 4.0, summary.OutputTokensPerSecondTotal!.Value, 12);
        Assert.Null(CaseSummary.From(measured, measured).Good);
    }
}
