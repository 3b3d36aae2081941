using System.Globalization;
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

    [Fact]
    public async Task The_estimate_of_long_prompts_on_priced_providers_is_the_price_tables()
    {
        // Prices read from the shipped table here, not through the suite's price code.
        using var pricing = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(SpeedKings.Bench.Hosting.SuitePaths.Locate().Data, "pricing.json")));
        System.Text.Json.JsonElement Entry(string provider, string model) => pricing.RootElement.GetProperty("prices").EnumerateArray()
            .Single(p => p.GetProperty("provider").GetString() == provider && p.GetProperty("model").GetString() == model);
        decimal Price(System.Text.Json.JsonElement entry, string name) => entry.GetProperty(name).GetDecimal();

        var environment = new Dictionary<string, string> { ["GROQ_API_KEY"] = "estimate-canary-groq", ["GEMINI_API_KEY"] = "estimate-canary-gemini", ["GEMINI_MODEL"] = "gemini-2.5-pro" };
        var (exit, output) = await SuiteProcess.RunAsync(environment, TimeSpan.FromMinutes(4), "estimate", "--filter", "*groq*Ctx100k*", "--iterationCount", "3", "--budget", "10");
        Assert.True(exit == 0, output);
        Match groq = PricedRow().Match(output);
        Assert.True(groq.Success, output);
        var gptOss = Entry("groq", "openai/gpt-oss-120b");
        int input = int.Parse(groq.Groups["in"].Value, CultureInfo.InvariantCulture);
        int requests = int.Parse(groq.Groups["warmup"].Value, CultureInfo.InvariantCulture) + int.Parse(groq.Groups["measured"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(input, 100_010, 100_080);
        // Expected: the typical answer (80 tokens); worst case: input with the +25 % and 32 tokens of headroom, 128 out.
        Assert.Equal(Round(requests * ((input * Price(gptOss, "input")) + (80 * Price(gptOss, "output"))) / 1_000_000), Decimal(groq.Groups["expected"].Value));
        Assert.Equal(Round(requests * ((Math.Ceiling(input * 1.25m) + 32) * Price(gptOss, "input") + (128 * Price(gptOss, "output"))) / 1_000_000), Decimal(groq.Groups["worst"].Value));

        // A shape planned at 190,000 tokens in is billed at the normal rates, but reserved at its worst, 237,532 tokens,
        // past Gemini 2.5 Pro's 200,000-token threshold: at the long-context rates.
        (exit, output) = await SuiteProcess.RunAsync(environment, TimeSpan.FromMinutes(4), "estimate", "--filter", "*gemini*", "--shape", "D(190000,100)", "--allow-paid-load", "--iterationCount", "3", "--budget", "10");
        Assert.True(exit == 0, output);
        Match gemini = PricedRow().Match(output);
        Assert.True(gemini.Success, output);
        var pro = Entry("gemini", "gemini-2.5-pro");
        var longContext = pro.GetProperty("longContext");
        Assert.Equal(200_000, longContext.GetProperty("aboveInputTokens").GetInt32());
        requests = int.Parse(gemini.Groups["warmup"].Value, CultureInfo.InvariantCulture) + int.Parse(gemini.Groups["measured"].Value, CultureInfo.InvariantCulture);
        Assert.Equal(Round(requests * ((190_000 * Price(pro, "input")) + (100 * Price(pro, "output"))) / 1_000_000), Decimal(gemini.Groups["expected"].Value));
        Assert.Equal(Round(requests * ((237_532 * Price(longContext, "input")) + (100 * Price(longContext, "output"))) / 1_000_000), Decimal(gemini.Groups["worst"].Value));
    }

    private static decimal Round(decimal usd) => Math.Round(usd, 6, MidpointRounding.AwayFromZero);

    private static decimal Decimal(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?m)^loopback\s+reference\s+Ctx10k\s+\S+\s+(?<in>\d+)/80 \(128\)")]
    private static partial Regex EstimateRow();

    // provider  model  prompt  warmup+measured  in/out (max)  expected  worst
    [GeneratedRegex(@"(?m)^(groq|gemini)\s+\S+\s+\S+\s+(?<warmup>\d+)\+(?<measured>\d+)\s+(?<in>\d+)/\d+ \(\d+\)\s+(?<expected>[\d.]+)\s+(?<worst>[\d.]+)\s*$")]
    private static partial Regex PricedRow();
}
