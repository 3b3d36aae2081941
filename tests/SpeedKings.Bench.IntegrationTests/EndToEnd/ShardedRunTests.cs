using System.Globalization;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// A run split the way a Kubernetes Indexed Job splits it: three suite processes — one told its slice by
/// <c>--shard</c>, the others by the Job's <c>JOB_COMPLETION_INDEX</c> — each in a region of its own, writing into one
/// shared output folder; then <c>merge</c> over that folder. The slices cover every case once, the budgets add up to
/// the total, and the merged figures are each shard's own, recomputed from the requests. The processes run one after
/// another here (they share one checkout's built benchmark project; pods each have their own).
/// </summary>
public class ShardedRunTests
{
    private static readonly string[] Regions = ["eu-west", "us-east", "ap-south"];

    [Fact]
    public async Task Three_shards_run_every_case_once_within_the_budget_and_merge_into_one_run()
    {
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=5ms;tps=4000;chunk=16") });
        string shared = Directory.CreateTempSubdirectory("speedkings-shards-").FullName;
        string merged = Directory.CreateTempSubdirectory("speedkings-merged-").FullName;
        try
        {
            string[] run = ["--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "shard-model", "--filter", "*custom*", "--concurrency", "1,2", "--iterationCount", "3", "--warmupCount", "1", "--budget", "0.3"];
            for (int shard = 1; shard <= 3; shard++)
            {
                var environment = new Dictionary<string, string> { ["SPEEDKINGS_REGION"] = Regions[shard - 1] };
                string[] args = run;
                if (shard == 1)
                    args = [.. run, "--shard", "1/3"];
                else
                    (environment["JOB_COMPLETION_INDEX"], environment["SPEEDKINGS_SHARDS"]) = ((shard - 1).ToString(CultureInfo.InvariantCulture), "3");
                var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(shared, environment, args);
                Assert.True(exitCode == 0, output);
                // Three prompts, three shards: one prompt's two loads each, on a third of the budget.
                Assert.Contains($"// Shard {shard}/3: 2 of the run's cases, on $0.1 of the $0.3 budget (1/3), region {Regions[shard - 1]}.", output);
            }

            RunRecord[] shards = [.. Directory.GetFiles(Path.Combine(shared, "results"), "speedkings-run-*.json").Select(RunRecordFile.Load).OrderBy(r => r.Shard, StringComparer.Ordinal)];
            Assert.Equal(["1/3", "2/3", "3/3"], shards.Select(r => r.Shard));
            Assert.Equal(Regions, shards.Select(r => r.Environment.Region));
            // Every case exactly once across the shards, and no shard spent past its slice of the budget.
            var cases = shards.SelectMany(r => r.Cases.Select(c => (c.Prompt, c.Concurrency))).ToList();
            Assert.Equal(6, cases.Distinct().Count());
            Assert.Equal(6, cases.Count);
            Assert.Equal(3, shards.Select(r => r.Cases.Select(c => c.Prompt).Distinct().Single()).Distinct().Count()); // a prompt's loads stay together
            Assert.All(shards, r => Assert.Equal(0.1m, r.Config.BudgetUsd));
            Assert.All(shards, r => Assert.True(r.SpentUsd <= r.Config.BudgetUsd, $"shard {r.Shard} spent {r.SpentUsd}"));
            Assert.True(shards.Sum(r => r.Config.BudgetUsd) <= 0.3m);
            // Each shard wrote its own records folder into the shared one.
            Assert.Equal(3, Directory.GetDirectories(Path.Combine(shared, "records")).Count(d => d.Contains("-shard", StringComparison.Ordinal)));

            var (mergeExit, mergeOutput) = await SuiteProcess.RunAsync(new Dictionary<string, string>(), TimeSpan.FromMinutes(4), "merge", Path.Combine(shared, "results"), "--artifacts", merged);
            Assert.True(mergeExit == 0, mergeOutput);
            Assert.Contains("// Merged 3 run(s)", mergeOutput);
            RunRecord whole = RunRecordFile.Load(Path.Combine(merged, "results"));
            Assert.Equal(shards.Select(r => r.RunId).Order(), whole.Sources.Select(s => s.RunId).Order());
            Assert.Equal(shards.Sum(r => r.SpentUsd), whole.SpentUsd);
            Assert.Equal(0.3m, whole.Config.BudgetUsd);
            Assert.Equal(6, whole.Cases.Count);
            foreach (RunRecord shard in shards)
            {
                foreach (CaseRecord alone in shard.Cases)
                {
                    // Regions differ, so each row says where it ran; its figures are the shard's, recomputed from its requests.
                    CaseRecord row = whole.Cases.Single(c => c.Region == shard.Environment.Region && c.Prompt == alone.Prompt && c.Concurrency == alone.Concurrency);
                    Assert.Equal(alone.Requests.Count, row.Requests.Count);
                    CaseFigures a = alone.Figures, m = row.Figures;
                    Assert.Equal((a.Measured, a.Succeeded, a.TtftP50, a.TtftP90, a.TtftP99, a.OutputTokensPerSecondP50, a.EndToEndP50, a.ItlP50, a.TotalCostUsd, a.CostPerRequestUsd, a.RequestsPerSecond),
                        (m.Measured, m.Succeeded, m.TtftP50, m.TtftP90, m.TtftP99, m.OutputTokensPerSecondP50, m.EndToEndP50, m.ItlP50, m.TotalCostUsd, m.CostPerRequestUsd, m.RequestsPerSecond));
                }
            }

            // The merged run is reported as a run is: methodology (rows by region), page, and the history store.
            string results = Path.Combine(merged, "results");
            string methodology = await File.ReadAllTextAsync(Directory.GetFiles(results, "speedkings-methodology-merged-*.md").Single());
            Assert.All(Regions, region => Assert.Contains($"@{region}", methodology, StringComparison.Ordinal));
            Assert.Single(Directory.GetFiles(results, "speedkings-report-merged-*.html"));
            Assert.True(File.Exists(Path.Combine(merged, "history.db")));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
            Directory.Delete(merged, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_shard_is_refused_in_one_sentence()
    {
        var (exit, output) = await SuiteProcess.RunAsync(new Dictionary<string, string>(), TimeSpan.FromMinutes(4), "estimate", "--shard", "4/3");
        Assert.Equal(2, exit);
        Assert.Contains("--shard takes i/N with 1 ≤ i ≤ N ≤ 1000 (e.g. 2/3), not '4/3'", output);

        (exit, output) = await SuiteProcess.RunAsync(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1" }, TimeSpan.FromMinutes(4), "estimate");
        Assert.Equal(2, exit);
        Assert.Contains("JOB_COMPLETION_INDEX is set (1) but SPEEDKINGS_SHARDS is not", output);
    }
}
