using System.Text.RegularExpressions;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// Context classes end to end: opt-in, priced by the estimate, every request's prompt its own, and their TTFT carrying
/// the prefill a server pays for a long prompt (the loopback's <c>prefill</c> rate is the ground truth).
/// </summary>
public partial class ContextClassTests
{
    [Fact]
    public async Task Context_classes_are_opt_in_and_planned_from_their_token_counts()
    {
        var (allExit, all) = await SuiteProcess.RunAsync(new Dictionary<string, string>(), TimeSpan.FromMinutes(4), "estimate");
        Assert.True(allExit == 0, all);
        Assert.DoesNotContain("Ctx", all, StringComparison.Ordinal); // a plain run never sends a long context

        var (exit, output) = await SuiteProcess.RunAsync(new Dictionary<string, string>(), TimeSpan.FromMinutes(4), "estimate", "--filter", "*loopback*Ctx10k*");
        Assert.True(exit == 0, output);
        Match row = EstimateRow().Match(output);
        Assert.True(row.Success, output);
        // 10,000 tokens of document, plus the marker and the question (about 40 tokens).
        Assert.InRange(int.Parse(row.Groups["in"].Value, System.Globalization.CultureInfo.InvariantCulture), 10_010, 10_080);
    }

    [Fact]
    public async Task Every_request_of_a_context_class_is_unique_and_its_TTFT_carries_the_prefill()
    {
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=10ms;tps=2000;chunk=8;prefill=40000") });
        string artifacts = Directory.CreateTempSubdirectory("speedkings-ctx-").FullName;
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, [],
                "--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "ctx-model",
                "--filter", "*custom*Ctx10k*", "*custom*Short*", "--iterationCount", "3", "--warmupCount", "1");
            Assert.True(exitCode == 0, output);

            List<RequestRecord> records = RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), "*-custom-Ctx10k-1.jsonl", SearchOption.AllDirectories).Single());
            Assert.Equal(4, records.Count);
            var truths = records.Select(r => server.GroundTruth.TryGet(r.ProviderRequestId!, out RequestGroundTruth? t) ? t : throw new InvalidOperationException($"no ground truth for {r.ProviderRequestId}")).ToList();

            // No two requests sent the same prompt (a per-request marker leads each), warmup included.
            Assert.Equal(4, truths.Select(t => t.PromptHash).Distinct().Count());
            foreach (var (record, truth) in records.Zip(truths))
            {
                // About 45 KB of prompt: the loopback's bytes/4 count, read at 40,000 tokens/s before the first token.
                Assert.InRange(truth.PromptTokens, 10_000, 15_000);
                Assert.Equal(truth.PromptTokens / 40_000.0 * 1000, truth.Prefill.TotalMilliseconds, 3);
                // TTFT is the prefill plus the schedule's 10 ms, and what the request's way in and out adds: never less,
                // and far short of a second prefill (the bound is structural, not a speed target for this machine).
                double beyondPrefill = record.FirstTokenMs!.Value - truth.Prefill.TotalMilliseconds;
                Assert.InRange(beyondPrefill, 10, 10 + truth.Prefill.TotalMilliseconds / 2);
            }

            // Two input sizes for one provider: the page shows TTFT against input tokens.
            string results = Path.Combine(artifacts, "results");
            string chart = Path.GetFileNameWithoutExtension(Directory.GetFiles(results, "speedkings-ttft-vs-input-*.png").Single());
            Assert.True(new FileInfo(Path.Combine(results, chart + ".svg")).Length > 0);
            Assert.Contains(chart, await File.ReadAllTextAsync(Directory.GetFiles(results, "speedkings-report-*.html").Single()), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [GeneratedRegex(@"(?m)^loopback\s+reference\s+Ctx10k\s+\S+\s+(?<in>\d+)/80 \(128\)")]
    private static partial Regex EstimateRow();
}
