using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Tests.Metrics.Statistics;

public class CaseSummaryTests
{
    private static RequestRecord Record(double ttft, double last, int outputTokens, int firstChars = 10, int chars = 100, decimal cost = 0.01m,
        FailureKind? failure = null, double? loadMs = null)
        => new()
        {
            Provider = "p", Model = "m", Prompt = "Short", StartedUtc = default,
            FirstTokenMs = failure is null ? ttft : null,
            LastTokenMs = failure is null ? last : null,
            TextEventArrivalsMs = failure is null ? [ttft, (ttft + last) / 2, last] : [],
            FirstEventChars = firstChars,
            GeneratedChars = chars,
            Usage = failure is null ? new TokenUsage(10, 0, outputTokens, null, UsageSource.Reported) : null,
            CostUsd = cost,
            Failure = failure,
            ServerTimings = loadMs is null ? null : new ServerTimings("ollama", null, 1, 1, 1, loadMs),
        };

    [Fact]
    public void Output_speed_discounts_the_tokens_of_the_first_event_by_their_share_of_characters()
    {
        // 100 tokens, the first event carried 10 % of the characters → 10 tokens; 90 tokens over 900 ms = 100 tok/s.
        RequestRecord record = Record(ttft: 100, last: 1000, outputTokens: 100);
        Assert.Equal(100, record.OutputTokensPerSecond!.Value, precision: 9);
        Assert.Equal((1000 - 100) / 99.0, record.TimePerOutputTokenMs!.Value, precision: 9);
    }

    [Fact]
    public void Output_speed_is_undefined_not_infinite_when_all_text_came_in_one_event()
        => Assert.Null(Record(ttft: 100, last: 100, outputTokens: 50).OutputTokensPerSecond);

    [Fact]
    public void Failures_are_counted_not_measured_and_spend_includes_warmup()
    {
        RequestRecord warmup = Record(50, 500, 100, cost: 0.5m);
        RequestRecord[] measured = [Record(10, 100, 100), Record(30, 300, 100), Record(0, 0, 0, cost: 0m, failure: FailureKind.RateLimited)];
        CaseSummary summary = CaseSummary.From(measured, [warmup, .. measured]);
        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(1, summary.Failures[FailureKind.RateLimited]);
        Assert.Equal(20, summary.TimeToFirstTokenMs.P50);
        Assert.Equal(0.52m, summary.TotalCostUsd);
        Assert.Equal(0.01m, summary.CostPerRequestUsd);
    }

    [Fact]
    public void The_http2_hand_off_is_summarised_from_the_records_that_have_one()
    {
        RequestRecord[] measured = [
            Record(10, 100, 100) with { FirstTokenHandOffMs = 0.2 },
            Record(20, 200, 100) with { FirstTokenHandOffMs = 0.4 },
            Record(30, 300, 100)];                                       // HTTP/1.1: no hand-off
        CaseSummary summary = CaseSummary.From(measured, measured);

        Assert.Equal(2, summary.FirstTokenHandOffMs.Count);
        Assert.Equal(0.4, summary.FirstTokenHandOffMs.Max, precision: 9);
        Assert.Equal(0, CaseSummary.From([Record(10, 100, 100)], []).FirstTokenHandOffMs.Count);
    }

    [Fact]
    public void Inter_token_latency_divides_each_gap_by_the_tokens_a_later_event_carried()
    {
        // 100 tokens over three events, the first 10 % of the characters (10 tokens): the two later events carried
        // (100 − 10) / 2 = 45 tokens each, and each gap is (1000 − 100) / 2 = 450 ms, so 10 ms per token.
        CaseSummary summary = CaseSummary.From([Record(ttft: 100, last: 1000, outputTokens: 100)], []);
        Assert.Equal(450, summary.InterEventGapMs.P50, precision: 9);
        Assert.Equal(45, summary.TokensPerEvent!.Value, precision: 9);
        Assert.Equal(10, summary.InterTokenGapMs.P50, precision: 9);
    }

    [Fact]
    public void Connection_set_up_counts_the_requests_that_opened_a_connection_warmup_included_and_sums_their_phases()
    {
        // The warmup opened an https connection (2 + 10 + 30 = 42 ms), one measured request a cleartext one (0.5 + 1.5
        // = 2 ms), the other reused a pooled connection and paid nothing.
        RequestRecord warmup = Record(80, 500, 100) with { DnsMs = 2, ConnectMs = 10, TlsMs = 30 };
        RequestRecord[] measured = [Record(10, 100, 100) with { DnsMs = 0.5, ConnectMs = 1.5 }, Record(12, 100, 100)];
        CaseSummary summary = CaseSummary.From(measured, [warmup, .. measured]);
        Assert.Equal(2, summary.NewConnections);
        Assert.Equal((2, 2.0, 42.0), (summary.ConnectionSetupMs.Count, summary.ConnectionSetupMs.Min, summary.ConnectionSetupMs.Max));
        Assert.Null(measured[1].ConnectionSetupMs);
    }

    [Fact]
    public void A_cold_start_is_reported_as_model_load_and_kept_out_of_ttft()
    {
        RequestRecord cold = Record(2_000, 3_000, 100, loadMs: 1_900);
        RequestRecord[] measured = [cold, Record(20, 900, 100, loadMs: 1.3), Record(30, 950, 100, loadMs: 1.2)];
        CaseSummary summary = CaseSummary.From(measured, measured);
        Assert.Equal(1_900, summary.ModelLoadMs);
        Assert.Equal(2, summary.TimeToFirstTokenMs.Count);
        Assert.Equal(30, summary.TimeToFirstTokenMs.Max);
        Assert.Equal(3, summary.Succeeded);
    }

    [Fact]
    public void A_request_far_above_the_cases_median_or_mostly_queued_is_flagged_as_throttled_but_kept()
    {
        RequestRecord queued = Record(200, 900, 100) with { ServerTimings = new ServerTimings("time_info", QueueMs: 150, PromptMs: 5, CompletionMs: 600, TotalMs: 760) };
        RequestRecord[] measured = [Record(100, 1000, 100), Record(110, 1000, 100), Record(105, 1000, 100), Record(900, 1800, 100), queued];

        CaseSummary summary = CaseSummary.From(measured, measured);

        Assert.Equal(2, summary.ThrottleSuspects); // 900 ms is over 3x the 110 ms median; 150 of 200 ms was queueing
        Assert.Equal(5, summary.TimeToFirstTokenMs.Count);
    }

    [Fact]
    public void Ordinary_spread_is_not_throttling()
    {
        RequestRecord[] measured = [Record(20, 100, 100), Record(25, 100, 100), Record(70, 150, 100)]; // 3.5x but only 45 ms above
        Assert.Equal(0, CaseSummary.From(measured, measured).ThrottleSuspects);
    }

    [Fact]
    public void Schedule_lag_is_summarised_and_added_back_to_TTFT_and_marks_a_client_that_ramps_its_starts()
    {
        // Four streams meant to leave together left 0.1, 0.4, 0.7 and 3.0 ms late; each saw TTFT 20 ms from its own t0.
        RequestRecord[] streams = [.. Lags(0.1, 0.4, 0.7, 3.0)];

        CaseSummary summary = CaseSummary.From(streams, streams);

        Assert.Equal(23.0, streams[3].FirstTokenFromIntendedMs!.Value, 9);
        Assert.Equal(0.55, summary.ScheduleLagMs.P50, 9);               // (0.4 + 0.7) / 2
        Assert.Equal(20.55, summary.TimeToFirstTokenFromIntendedMs.P50, 9);
        Assert.Equal(20.0, summary.TimeToFirstTokenMs.P50, 9);            // from t0, the lag is invisible
        Assert.False(summary.IsClientBound); // four requests: judged by the median, 0.55 ms

        // Twelve streams started one after another, 0.25 ms apart: p90 = 2.5 ms by hand (type 7: 0.25 · (1 + 0.9 · 11)).
        RequestRecord[] ramp = [.. Lags([.. Enumerable.Range(0, 12).Select(i => 0.25 * i)])];
        CaseSummary ramped = CaseSummary.From(ramp, ramp);
        Assert.Equal(0.25 * 9.9, ramped.JudgedScheduleLagMs, 9);
        Assert.True(ramped.IsClientBound);
    }

    [Fact]
    public void Requests_that_left_on_time_are_not_client_bound_and_requests_without_an_intended_time_have_no_lag()
    {
        RequestRecord[] onTime = [.. Lags(0.01, 0.02, 0.05)];
        Assert.False(CaseSummary.From(onTime, onTime).IsClientBound);

        RequestRecord[] unscheduled = [Record(20, 200, 100)];
        CaseSummary summary = CaseSummary.From(unscheduled, unscheduled);
        Assert.Equal(0, summary.ScheduleLagMs.Count);
        Assert.False(summary.IsClientBound);
        Assert.Null(unscheduled[0].FirstTokenFromIntendedMs);
    }

    private static IEnumerable<RequestRecord> Lags(params double[] lags) => lags.Select(lag => Record(20, 200, 100) with { ScheduleLagMs = lag });
}
