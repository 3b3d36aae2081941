using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Tests.Bench.Reporting;

public class RunComparisonTests
{
    private static RunRecord Run(string id, string timeOfDay, params double[] ttfts) => ToolRun(id, timeOfDay, null, ttfts);

    /// <summary>A tool-call case: each request's first tool delta <paramref name="firstToolCallMs"/> after its TTFT, its arguments done 100 ms later.</summary>
    private static RunRecord ToolRun(string id, string timeOfDay, double? firstToolCallMs, params double[] ttfts) => new()
    {
        RunId = id,
        StartedUtc = default,
        FinishedUtc = default,
        TimeOfDay = timeOfDay,
        Suite = new SuiteInfo("1", "c"),
        Environment = new EnvironmentInfo("rt", "os", "cpu", 2, null),
        Config = new RunConfig(0.25m, 1, ttfts.Length, [1], 120, [], []),
        Data = new DataVersions("p", "q", "r"),
        SpentUsd = 0,
        RateLimitedProviders = [],
        Cases =
        [
            new CaseRecord("groq Short x1", "groq", "m", "Short", 1, null,
                new CaseFigures(ttfts.Length, ttfts.Length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, null, null),
                new Dictionary<FailureKind, int>(), null, 0, 0,
                [.. ttfts.Select(t => new RequestRecord
                {
                    Provider = "groq", Model = "m", Prompt = "Short", StartedUtc = default,
                    FirstTokenMs = t, LastTokenMs = t + 200, TextEventArrivalsMs = [t, t + 200], GeneratedChars = 10, FirstEventChars = 1,
                    Usage = new TokenUsage(10, 0, 100, null, UsageSource.Reported), CostUsd = 0.001m,
                    FirstToolCallMs = firstToolCallMs is { } tool ? tool + t : null, ToolArgumentsDoneMs = firstToolCallMs is { } done ? done + t + 100 : null,
                })]),
        ],
    };

    [Fact]
    public void A_large_consistent_slowdown_is_called_worse()
    {
        // Fully separated, no ties: exact p = 2 / C(12, 6) = 0.00216.
        var comparison = new RunComparison(Run("a", "off-peak", 20, 21, 22, 23, 24, 25), Run("b", "off-peak", 40, 41, 42, 43, 44, 45), 5);
        string[] cells = comparison.Rows().Single().Cells;
        Assert.Equal(["TTFT p50 (ms)", "Out tok/s p50", "E2E p50 (ms)", "TPOT p50 (ms)", "ITL p50 (ms)", "TTFT from intended p50 (ms)", "$/request"], RunComparison.MetricNames);
        Assert.Equal("22.5 → 42.5 (+88.9 %) worse (p = 0.002)", cells[0]);
        // Every request: 100 tokens, the first event 1 of 10 characters (10 tokens), 200 ms from first to last event:
        // 90 / 0.2 s = 450 tok/s in both runs, all ties, p = 1.
        Assert.Equal("450.0 → 450.0 (0.0 %) no significant change (p = 1.000)", cells[1]);
        // E2E = TTFT + 200: medians 222.5 and 242.5, +20 / 222.5 = +9.0 %, fully separated again.
        Assert.Equal("222.5 → 242.5 (+9.0 %) worse (p = 0.002)", cells[2]);
        // TPOT = 200 ms / (100 − 1) tokens = 2.020 ms in both runs.
        Assert.Equal("2.020 → 2.020 (0.0 %) no significant change (p = 1.000)", cells[3]);
        // One gap per request, first to last event: 200 ms in both runs.
        Assert.Equal("200.00 → 200.00 (0.0 %) no significant change (p = 1.000)", cells[4]);
        Assert.Equal("n/a", cells[5]); // these records had no intended send time
        Assert.Equal("0.001000 → 0.001000 (0.0 %) no significant change (p = 1.000)", cells[6]);
    }

    [Fact]
    public void A_tool_call_case_is_compared_on_its_own_moments_too_and_a_chat_case_keeps_seven_columns()
    {
        var tools = new RunComparison(ToolRun("a", "off-peak", 5, 20, 21, 22, 23, 24, 25), ToolRun("b", "off-peak", 5, 20, 21, 22, 23, 24, 25), 5);
        var chat = new RunComparison(Run("a", "off-peak", 20, 21, 22, 23, 24, 25), Run("b", "off-peak", 20, 21, 22, 23, 24, 25), 5);

        Assert.Equal([.. RunComparison.MetricNames, "First tool delta p50 (ms)", "Args done p50 (ms)"], tools.Names);
        // First tool delta = TTFT + 5: medians 27.5 in both runs; args done 100 ms later.
        Assert.Equal("27.5 → 27.5 (0.0 %) no significant change (p = 1.000)", tools.Rows().Single().Cells[7]);
        Assert.StartsWith("127.5 → 127.5", tools.Rows().Single().Cells[8], StringComparison.Ordinal);
        Assert.Equal(RunComparison.MetricNames, chat.Names);
    }

    [Fact]
    public void Three_requests_each_are_said_to_be_too_few()
    {
        var comparison = new RunComparison(Run("a", "off-peak", 20, 21, 22), Run("b", "US peak", 40, 41, 43), 5);
        Assert.EndsWith("too few samples (3 vs 3) to conclude", comparison.Rows().Single().Cells[0]);
        Assert.Contains(comparison.Notes(), n => n.Contains("different traffic periods", StringComparison.Ordinal));
    }

    [Fact]
    public void A_significant_but_small_change_is_not_called()
    {
        var comparison = new RunComparison(Run("a", "off-peak", 100, 100.5, 101, 100.2, 100.7, 100.3), Run("b", "off-peak", 102, 102.5, 103, 102.2, 102.7, 102.3), 5);
        Assert.Contains("no significant change", comparison.Rows().Single().Cells[0]);
    }
}
