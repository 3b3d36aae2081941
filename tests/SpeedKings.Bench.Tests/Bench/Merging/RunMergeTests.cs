using SpeedKings.Bench.Merging;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Reporting;
using SpeedKings.Bench.Sharding;

namespace SpeedKings.Bench.Tests.Bench.Merging;

public class RunMergeTests
{
    private static RunRecord Run(string id, string? region, decimal spent, params double[] ttfts) => new()
    {
        RunId = id,
        StartedUtc = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        FinishedUtc = DateTimeOffset.Parse("2026-12-01T10:05:00Z", System.Globalization.CultureInfo.InvariantCulture),
        TimeOfDay = "EU peak",
        Suite = new SuiteInfo("1", "c"),
        Environment = new EnvironmentInfo("rt", "os", "cpu", 2, region, "host-" + id),
        Config = new RunConfig(0.1m, 1, ttfts.Length, [1], 120, [], []),
        Data = new DataVersions("p", "q", "r"),
        SpentUsd = spent,
        RateLimitedProviders = [],
        Cases =
        [
            new CaseRecord("groq Short x1", "groq", "m", "Short", 1, null,
                new CaseFigures(ttfts.Length, ttfts.Length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, spent, null, null, MeasuredSeconds: ttfts.Length),
                new Dictionary<FailureKind, int>(), null, 0, 1,
                [.. ttfts.Select(t => new RequestRecord
                {
                    Provider = "groq", Model = "m", Prompt = "Short", StartedUtc = default,
                    FirstTokenMs = t, LastTokenMs = t + 200, TextEventArrivalsMs = [t, t + 200], GeneratedChars = 10, FirstEventChars = 1,
                    Usage = new TokenUsage(10, 0, 100, null, UsageSource.Reported), CostUsd = 0.001m,
                })]),
        ],
    };

    [Fact]
    public void Repeated_runs_pool_their_requests_and_the_percentiles_are_of_the_union()
    {
        RunRecord merged = RunMerge.Merge([Run("a", "eu", 0.004m, 10, 20, 30), Run("b", "eu", 0.005m, 40, 50, 60, 70)], "m1", (_, _, _) => null);
        CaseRecord only = Assert.Single(merged.Cases);
        Assert.Null(only.Region); // one region: no per-region rows
        Assert.Equal(7, only.Requests.Count);
        // Seven TTFTs 10…70: the median is the fourth, 40; p90 at rank 1 + 0.9 × 6 = 6.4, 60 + 0.4 × 10 = 64 (type 7).
        // The mean of the two runs' medians would be 37.5.
        Assert.Equal(40, only.Figures.TtftP50, 9);
        Assert.Equal(64, only.Figures.TtftP90, 9);
        Assert.Equal(7 / 7.0, only.Figures.RequestsPerSecond!.Value, 9); // seven requests over 3 + 4 measured seconds
        Assert.Equal(0.009m, only.Figures.TotalCostUsd);
        Assert.Equal(2, only.WarmupRequests);
        Assert.Equal(0.009m, merged.SpentUsd);
        Assert.Equal(0.2m, merged.Config.BudgetUsd);
        Assert.Equal(["a", "b"], merged.Sources.Select(s => s.RunId));
    }

    [Fact]
    public void Runs_from_two_regions_keep_a_row_each()
    {
        RunRecord merged = RunMerge.Merge([Run("a", "eu", 0, 10, 20, 30), Run("b", "us", 0, 40, 50, 60)], "m2", (_, _, _) => null);
        Assert.Equal(["eu", "us"], merged.Cases.Select(c => c.Region));
        Assert.Equal([20.0, 50.0], merged.Cases.Select(c => c.Figures.TtftP50));
        Assert.Equal("groq Short x1 @eu", merged.Cases[0].Name);
        Assert.Equal("eu, us", merged.Environment.Region);
    }

    [Fact]
    public void A_merge_among_its_inputs_is_not_counted_twice()
    {
        RunRecord a = Run("a", "eu", 0.001m, 10, 20), b = Run("b", "eu", 0.002m, 30);
        RunRecord first = RunMerge.Merge([a, b], "m3", (_, _, _) => null);
        RunRecord again = RunMerge.Merge([first, a, b, Run("c", "eu", 0.004m, 40)], "m4", (_, _, _) => null);
        Assert.Equal(4, again.Cases.Single().Requests.Count);
        Assert.Equal(0.007m, again.SpentUsd);
        Assert.Equal(["a", "b", "c"], again.Sources.Select(s => s.RunId));
    }

    [Fact]
    public void Runs_that_name_no_region_merge_into_a_run_without_one()
    {
        RunRecord merged = RunMerge.Merge([Run("a", null, 0, 10), Run("b", null, 0, 20)], "m5", (_, _, _) => null);
        Assert.Null(merged.Environment.Region);
        Assert.Null(merged.Cases.Single().Region);
        Assert.Equal("host-a, host-b", merged.Environment.Host);
    }

    [Fact]
    public void Nothing_to_merge_is_one_sentence()
        => Assert.StartsWith("no run record to merge", Assert.Throws<ArgumentException>(() => RunMerge.Merge([], "m", (_, _, _) => null)).Message, StringComparison.Ordinal);
}

public class ShardTests
{
    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData("1000/1000", 1000, 1000)]
    public void A_shard_reads_as_i_of_n(string text, int index, int count)
        => Assert.Equal(new Shard(index, count), Shard.Parse(text, "--shard"));

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("3")]
    [InlineData("a/b")]
    [InlineData("-1/3")]
    [InlineData("1/1001")]
    public void A_bad_shard_is_refused_naming_the_form(string text)
        => Assert.Equal($"--shard takes i/N with 1 ≤ i ≤ N ≤ 1000 (e.g. 2/3), not '{text}'", Assert.Throws<ArgumentException>(() => Shard.Parse(text, "--shard")).Message);

    [Fact]
    public void A_kubernetes_index_counts_from_zero()
    {
        Assert.Equal(new Shard(1, 3), Shard.FromJob("0", "3"));
        Assert.Equal(new Shard(3, 3), Shard.FromJob("2", "3"));
        Assert.Null(Shard.FromJob(null, "3"));
        Assert.StartsWith("JOB_COMPLETION_INDEX is set (2) but SPEEDKINGS_SHARDS is not", Assert.Throws<ArgumentException>(() => Shard.FromJob("2", null)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Shard.FromJob("3", "3"));
    }

    [Theory]
    [InlineData(0.25, 3, 0.083333)]
    [InlineData(0.3, 3, 0.1)]
    [InlineData(1, 7, 0.142857)]
    public void The_shards_budgets_never_add_up_past_the_total(double total, int count, double each)
    {
        decimal slice = new Shard(1, count).BudgetOf((decimal)total);
        Assert.Equal((decimal)each, slice);
        Assert.True(slice * count <= (decimal)total);
    }
}

public class HistogramMergeTests
{
    [Fact]
    public void Runs_that_left_their_requests_out_merge_through_their_histograms_within_their_precision()
    {
        var random = new Random(7);
        double[] a = [.. Enumerable.Range(0, 3000).Select(_ => 20 + (random.NextDouble() * 80))];
        double[] b = [.. Enumerable.Range(0, 2000).Select(_ => 200 + (random.NextDouble() * 300))];
        RunRecord Trimmed(string id, double[] ttfts)
        {
            RunRecord run = Run(id, ttfts);
            CaseRecord k = run.Cases[0];
            return run with { Cases = [k with { Requests = [], Histograms = CaseHistograms.Of(k.Requests) }] };
        }

        RunRecord merged = RunMerge.Merge([Trimmed("a", a), Trimmed("b", b)], "m", (_, _, _) => null);
        CaseRecord only = Assert.Single(merged.Cases);
        Assert.True(only.FromHistograms);
        Assert.Equal(5000, only.Figures.Measured);
        // By hand: the nearest-rank percentile of the 5,000 values pooled — the ceil(p × N)-th smallest.
        double[] pooled = [.. a.Concat(b).Order()];
        double NearestRank(double p) => pooled[(int)Math.Ceiling(p * pooled.Length) - 1];
        Assert.Equal(NearestRank(0.50), only.Figures.TtftP50, NearestRank(0.50) * CaseHistograms.RelativePrecision);
        Assert.Equal(NearestRank(0.90), only.Figures.TtftP90, NearestRank(0.90) * CaseHistograms.RelativePrecision);
        Assert.Equal(NearestRank(0.99), only.Figures.TtftP99, NearestRank(0.99) * CaseHistograms.RelativePrecision);
        Assert.Contains(MethodologyWriter.Caveats(merged), c => c.Contains("merged from runs that kept histograms", StringComparison.Ordinal));
    }

    [Fact]
    public void A_case_with_neither_requests_nor_histograms_is_refused()
    {
        RunRecord run = Run("old", [10, 20, 30]);
        RunRecord bare = run with { Cases = [run.Cases[0] with { Requests = [] }] };
        Assert.Contains("keeps neither all its requests nor its histograms", Assert.Throws<ArgumentException>(() => RunMerge.Merge([bare, Run("new", [40])], "m", (_, _, _) => null)).Message, StringComparison.Ordinal);
    }

    private static RunRecord Run(string id, double[] ttfts) => new()
    {
        RunId = id,
        StartedUtc = DateTimeOffset.UnixEpoch,
        FinishedUtc = DateTimeOffset.UnixEpoch,
        TimeOfDay = "off-peak",
        Suite = new SuiteInfo("1", "c"),
        Environment = new EnvironmentInfo("rt", "os", "cpu", 2, "eu"),
        Config = new RunConfig(0.1m, 1, ttfts.Length, [1], 120, [], []),
        Data = new DataVersions("p", "q", "r"),
        SpentUsd = 0,
        RateLimitedProviders = [],
        Cases =
        [
            new CaseRecord("groq Short x1", "groq", "m", "Short", 1, null,
                new CaseFigures(ttfts.Length, ttfts.Length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.001m, 0.001m * ttfts.Length, null, null, MeasuredSeconds: ttfts.Length),
                new Dictionary<FailureKind, int>(), null, 0, 0,
                [.. ttfts.Select(t => new RequestRecord
                {
                    Provider = "groq", Model = "m", Prompt = "Short", StartedUtc = default,
                    FirstTokenMs = t, LastTokenMs = t + 200, TextEventArrivalsMs = [t, t + 200], GeneratedChars = 10, FirstEventChars = 1,
                    Usage = new TokenUsage(10, 0, 100, null, UsageSource.Reported), CostUsd = 0.001m,
                })]),
        ],
    };
}
