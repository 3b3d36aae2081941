using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// The real pipeline: the suite's entry point runs BenchmarkDotNet, which builds and starts a benchmark process
/// that streams from the embedded loopback over a socket; the reports must carry the request metrics.
/// </summary>
public class BenchmarkRunTests
{
    internal static readonly string Root = FindRoot();

    [Fact]
    public async Task A_loopback_run_puts_ttft_speed_and_cost_in_every_report()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = await RunSuiteAsync(
                artifacts, "--filter", "*loopback*Short*", "--iterationCount", "3", "--warmupCount", "1", "--concurrency", "1,4", "--slo", "ttft=21.2ms,e2e=1s");
            Assert.True(exitCode == 0, output);
            Assert.Contains("// Harness self-check on this machine (30 streams against a loopback process, HTTP/1.1,", output);

            string results = Path.Combine(artifacts, "results");
            string markdown = await File.ReadAllTextAsync(Directory.GetFiles(results, "*-report-github.md").Single());
            string csv = await File.ReadAllTextAsync(Directory.GetFiles(results, "*-report.csv").Single());
            string html = await File.ReadAllTextAsync(Directory.GetFiles(results, "*-report.html").Single());
            foreach (string column in new[] { "TTFT p50 (ms)", "TTFT p90 (ms)", "Out tok/s p50", "Out tokens", "$/request", "Total $", "Concurrency", "Harness TTFT err (ms)", "HTTP", "ITL p50 (ms)", "TPOT p50 (ms)", "Truncated", "New conns", "Conn set-up p50 (ms)" })
            {
                Assert.Contains(column, markdown);
                Assert.Contains(column, csv);
                Assert.Contains(column, html);
            }

            // The CSV row agrees with the loopback schedule in data/providers.json (TTFT 20 ms, 500 tok/s, 4 tok/chunk).
            // Loose bounds: this checks that the numbers travelled through BenchmarkDotNet intact; the tight
            // comparisons with ground truth are LoopbackGroundTruthTests' job, on a quieter path.
            string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] header = SplitCsv(lines[0]);
            string[] row = SplitCsv(lines[1]);
            double Value(string column) => double.Parse(row[Array.IndexOf(header, column)], CultureInfo.InvariantCulture);
            // Never below the schedule's 20 ms; far below E2E (~276 ms), which a mix-up of the two would report.
            Assert.InRange(Value("TTFT p50 (ms)"), 20.0, 150.0);
            Assert.InRange(Value("Out tok/s p50"), 475, 525);
            Assert.Equal(128, Value("Out tokens"));
            Assert.Equal("1.1", row[Array.IndexOf(header, "HTTP")]);
            Assert.Equal(3, Value("Truncated"));          // the loopback sends max tokens and says "length"
            // 128 tokens in chunks of 4 at 500 tok/s: a chunk every 8 ms.
            Assert.InRange(Value("ITL p50 (ms)"), 6, 12);
            Assert.Equal(3, Value("Requests"));
            Assert.True(Value("$/request") > 0);
            Assert.Matches(@"^p50 \d+\.\d{3} / max \d+\.\d{3}$", row[Array.IndexOf(header, "Harness TTFT err (ms)")]);

            // At concurrency 4 every iteration runs four streams, each its own record in the statistics.
            string[] concurrent = SplitCsv(lines[2]);
            Assert.Equal("4", concurrent[Array.IndexOf(header, "Concurrency")]);
            Assert.Equal("12", concurrent[Array.IndexOf(header, "Requests")]);
            // Each case's process warmed its pool before the first request: one HTTP/1.1 connection per stream, set up
            // (no DNS, a loopback connect, no TLS) in well under a second; no request had to open another.
            Assert.Equal(1, Value("New conns"));
            Assert.Equal("4", concurrent[Array.IndexOf(header, "New conns")]);
            Assert.InRange(Value("Conn set-up p50 (ms)"), 0.0, 1000.0);

            // The full JSON carries the metrics too; a plain custom column would not reach it.
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(results, "*-report-full.json").Single()));
            var metrics = json.RootElement.GetProperty("Benchmarks")[0].GetProperty("Metrics").EnumerateArray()
                .ToDictionary(m => m.GetProperty("Descriptor").GetProperty("Id").GetString()!, m => m.GetProperty("Value").GetDouble());
            Assert.Equal(Value("TTFT p50 (ms)"), metrics["TTFT-p50"], precision: 2);
            Assert.InRange(metrics["HarnessTtftError-p50"], 0.0, 5.0);
            Assert.True(metrics["CostTotal"] > metrics["CostPerRequest"] * 3.5, "total spend includes the warmup request");

            // The run record, its methodology write-up and the overlay table, beside BenchmarkDotNet's reports.
            using var run = JsonDocument.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(results, "speedkings-run-*.json").Single()));
            JsonElement cases = run.RootElement.GetProperty("cases");
            Assert.Equal(2, cases.GetArrayLength());
            Assert.Equal(3 + 12, cases.EnumerateArray().Sum(c => c.GetProperty("requests").GetArrayLength()));
            JsonElement single = cases.EnumerateArray().Single(c => c.GetProperty("concurrency").GetInt32() == 1);
            Assert.Equal(Value("TTFT p50 (ms)"), single.GetProperty("figures").GetProperty("ttftP50").GetDouble(), precision: 2);
            Assert.Equal(30, run.RootElement.GetProperty("harnessSelfCheck").GetProperty("streams").GetInt32());
            Assert.Matches("^[0-9a-f]{40}$|^unknown$", run.RootElement.GetProperty("suite").GetProperty("commit").GetString()!);
            string methodology = await File.ReadAllTextAsync(Directory.GetFiles(results, "speedkings-methodology-*.md").Single());
            Assert.Contains("| loopback | reference | Short | 4 | 12 | 12 | 0 | 0 |", methodology);
            Assert.Contains("Small samples: as few as 3 successful requests", methodology);
            Assert.Contains("| 1 | loopback | reference |", await File.ReadAllTextAsync(Directory.GetFiles(results, "speedkings-overlay-*.md").Single()));

            // Raw records: one line per request, warmup included, appended as they happened; one file per case.
            int[] lengths = [.. Directory.GetFiles(Path.Combine(artifacts, "records"), "*.jsonl", SearchOption.AllDirectories)
                .Select(f => File.ReadAllLines(f).Length).Order()];
            Assert.Equal([4, 16], lengths);

            // Schedule lag: the four streams of an iteration share one intended send time (t0 − lag is the same instant
            // for all four), each left at or after it, and the report shows the lag and TTFT counted from it.
            List<RequestRecord> four = RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), "*-loopback-Short-4.jsonl", SearchOption.AllDirectories).Single());
            foreach (RequestRecord[] iteration in four.Chunk(4))
            {
                double[] intended = [.. iteration.Select(r => Stopwatch.GetElapsedTime(0, r.StartTimestamp).TotalMilliseconds - r.ScheduleLagMs!.Value)];
                Assert.All(iteration, r => Assert.True(r.ScheduleLagMs >= 0));
                Assert.InRange(intended.Max() - intended.Min(), 0, 0.001);
            }

            double lagP99 = double.Parse(concurrent[Array.IndexOf(header, "Start lag p99 (ms)")], CultureInfo.InvariantCulture);
            Assert.InRange(lagP99, 0, four.Max(r => r.ScheduleLagMs!.Value) + 0.001);
            // Goodput against a hand count from the records: TTFT (from the intended time) within 21.2 ms and E2E within 1 s.
            List<RequestRecord> one = [.. RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), "*-loopback-Short-1.jsonl", SearchOption.AllDirectories).Single()).Skip(1)];
            int good = one.Count(r => r.Succeeded && r.FirstTokenMs + r.ScheduleLagMs <= 21.2 && r.LastTokenMs + r.ScheduleLagMs <= 1000);
            Assert.Equal(Math.Round(100.0 * good / 3, 1), Value("Good %"), 1);
            string mean = row[Array.IndexOf(header, "Mean")]; // "269.8 ms": BenchmarkDotNet's mean iteration
            Assert.EndsWith(" ms", mean, StringComparison.Ordinal);
            double measuredSeconds = 3 * double.Parse(mean[..^3].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) / 1000;
            Assert.Equal(good / measuredSeconds, Value("Goodput (req/s)"), 0.01); // the column's two decimals, and the mean's one
            Assert.Contains("ttft ≤ 21.2 ms, e2e ≤ 1000 ms", methodology);

            double fromIntended = double.Parse(concurrent[Array.IndexOf(header, "TTFT from intended p50 (ms)")], CultureInfo.InvariantCulture);
            Assert.True(fromIntended >= double.Parse(concurrent[Array.IndexOf(header, "TTFT p50 (ms)")], CultureInfo.InvariantCulture));
        }
        finally
        {
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task A_small_budget_stops_an_expensive_case_and_every_report_says_so()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-budget-" + Guid.NewGuid().ToString("N"));
        string prices = Path.Combine(Path.GetTempPath(), "speedkings-prices-" + Guid.NewGuid().ToString("N") + ".json");
        // Short at $2000/M out: expected $0.18 a request (90 tokens), but the loopback sends max tokens (128): $0.26.
        // $0.80 plans 1 + 3 requests by the estimate; the ledger, reserving $0.26 each, lets only three through.
        await File.WriteAllTextAsync(prices, """
            { "version": "test", "prices": [ { "provider": "loopback", "model": "*", "effective": "2020-01-01",
              "input": 100, "output": 2000, "source": "test: priced high on purpose", "notional": true } ] }
            """);
        try
        {
            var (exitCode, output) = await RunSuiteAsync(
                artifacts, new Dictionary<string, string> { ["SPEEDKINGS_PRICING"] = prices },
                "--filter", "*loopback*Short*", "--budget", "0.80", "--iterationCount", "5", "--warmupCount", "1");
            Assert.True(exitCode == 0, output);

            // The estimate comes before any request, and the run says it was scaled down to fit.
            int estimate = output.IndexOf("// Total: expected", StringComparison.Ordinal);
            int firstRequest = output.IndexOf("WorkloadWarmup", StringComparison.Ordinal);
            Assert.True(estimate >= 0 && estimate < firstRequest, output);
            Assert.Contains("Scaled down to fit the budget: 3 measured requests per case instead of 5.", output);
            Assert.Contains("// Stopped by the budget: Completion [Provider=loopback, Task=Chat, Prompt=Short, Concurrency=1, Rate=inf]", output);

            // The ledger never passed the budget, and the reports show the stop.
            string ledger = Directory.GetFiles(artifacts, "budget-ledger.txt", SearchOption.AllDirectories).Single();
            decimal spent = File.ReadLines(ledger).Where(l => l.StartsWith("settle", StringComparison.Ordinal))
                .Sum(l => decimal.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture));
            Assert.InRange(spent, 0.5m, 0.80m);
            string results = Path.Combine(artifacts, "results");
            foreach (string report in new[] { "*-report-github.md", "*-report.csv", "*-report.html" })
                Assert.Contains("Stopped by budget", await File.ReadAllTextAsync(Directory.GetFiles(results, report).Single()));
        }
        finally
        {
            File.Delete(prices);
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }

    /// <summary>
    /// How a user checks the suite against an independent server: providers pointed at it by their base-URL variables.
    /// Here the server is the loopback imitating Groq, OpenRouter and Cerebras; the reports must show the tokens,
    /// TTFT, TTFAT, speed and cost it sent.
    /// </summary>
    [Fact]
    public async Task Providers_reached_through_base_url_overrides_report_what_the_server_sent()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-e2e-" + Guid.NewGuid().ToString("N"));
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=20ms;tps=500;chunk=4") });
        var environment = new Dictionary<string, string>();
        foreach (string provider in new[] { "groq", "openrouter", "cerebras" })
        {
            environment[$"{provider.ToUpperInvariant()}_BASE_URL"] = new Uri(server.BaseAddress, provider + "/v1").AbsoluteUri;
            environment[$"{provider.ToUpperInvariant()}_API_KEY"] = "sk-e2e-test";
        }

        try
        {
            var (exitCode, output) = await RunSuiteAsync(
                artifacts, environment, "--filter", "*groq*Short*", "*openrouter*Short*", "*cerebras*Short*", "--iterationCount", "3", "--warmupCount", "1");
            Assert.True(exitCode == 0, output);
            // Cloud providers in the run: the self-check takes their path, HTTP/2 over TLS.
            Assert.Contains("// Harness self-check on this machine (30 streams against a loopback process, HTTP/2 over TLS,", output);

            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = SplitCsv(lines[0]);
            Dictionary<string, string[]> rows = lines.Skip(1).Select(SplitCsv).ToDictionary(r => r[Array.IndexOf(header, "Provider")]);
            double Value(string provider, string column) => double.Parse(rows[provider][Array.IndexOf(header, column)], CultureInfo.InvariantCulture);
            IReadOnlyList<RequestGroundTruth> sent = server.GroundTruth.Snapshot();
            RequestGroundTruth Sent(string profile) => sent.Last(t => t.Profile == profile);

            foreach (string provider in rows.Keys)
            {
                RequestGroundTruth truth = Sent(provider);
                Assert.Equal(truth.OutputTokens, Value(provider, "Out tokens"));
                // The reasoning phase (fixture: Groq 8, OpenRouter 8, Cerebras 16 tokens at 500 tok/s) delays the answer.
                double reasoningMs = truth.ReasoningTokens / 500.0 * 1000;
                // Loose bounds: medians of three requests on a shared machine; exactness is checked against ground truth elsewhere.
                Assert.InRange(Value(provider, "TTFAT p50 (ms)") - Value(provider, "TTFT p50 (ms)"), reasoningMs - 6, reasoningMs + 6);
                Assert.InRange(Value(provider, "Out tok/s p50"), 475, 525);
            }

            // Cost: Groq at the price table's figure for the usage the server reported; OpenRouter at the cost it reported.
            var prices = SuiteData.Load(SuitePaths.Locate()).Prices;
            ReportedUsage groq = Sent("groq").ReportedUsage!;
            Price groqPrice = prices.Find("groq", "openai/gpt-oss-120b", DateOnly.FromDateTime(DateTime.UtcNow))!;
            int cached = groq.CachedPromptTokens ?? 0;
            decimal expected = ((groq.PromptTokens - cached) * groqPrice.InputPerMillion + cached * groqPrice.CachedInputPerMillion + groq.OutputTokens * groqPrice.OutputPerMillion) / 1_000_000m;
            Assert.Equal((double)Math.Round(expected, 6), Value("groq", "$/request"), 6);
            Assert.Equal((double)Math.Round(Sent("openrouter").ReportedCostUsd!.Value, 6), Value("openrouter", "Reported $/request"), 6);
            Assert.Equal(Value("openrouter", "Reported $/request"), Value("openrouter", "$/request"), 6);

            // Server timings were read: the client's and the network's share is what is left of TTFT.
            Assert.InRange(Value("groq", "Client+net (ms)"), 0, 10);
            Assert.InRange(Value("cerebras", "Client+net (ms)"), 0, 10);
            Assert.DoesNotContain("sk-e2e-test", output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task Your_own_prompts_in_a_jsonl_file_become_one_row_each()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-prompts-" + Guid.NewGuid().ToString("N"));
        string prompts = Path.Combine(Path.GetTempPath(), "speedkings-prompts-" + Guid.NewGuid().ToString("N") + ".jsonl");
        await File.WriteAllLinesAsync(prompts,
        [
            """{"id": "ticket", "messages": [{"role": "system", "content": "You answer tickets."}, {"role": "user", "content": "My order is late."}], "max_tokens": 24}""",
            """{"id": "summary", "messages": [{"role": "user", "content": "Summarise the French Revolution."}], "max_tokens": 32}""",
            """{"id": "sql", "messages": [{"role": "user", "content": "Write SQL for the top customers."}], "max_tokens": 40}""",
        ]);
        try
        {
            var (exitCode, output) = await RunSuiteAsync(artifacts, [], "--prompts", prompts, "--filter", "*loopback*", "--iterationCount", "3", "--warmupCount", "0");
            Assert.True(exitCode == 0, output);

            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = SplitCsv(lines[0]);
            var rows = lines.Skip(1).Select(SplitCsv).ToDictionary(r => r[Array.IndexOf(header, "Prompt")]);
            Assert.Equal(["sql", "summary", "ticket"], rows.Keys.Order());
            // The loopback answers with max tokens: each row's tokens are its own line's cap.
            Assert.Equal("24.0", rows["ticket"][Array.IndexOf(header, "Out tokens")]);
            Assert.Equal("40.0", rows["sql"][Array.IndexOf(header, "Out tokens")]);
            string methodology = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(artifacts, "results"), "speedkings-methodology-*.md").Single());
            Assert.Contains("| ticket |", methodology);
        }
        finally
        {
            File.Delete(prompts);
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task A_filter_for_an_unconfigured_provider_says_which_variable_to_set()
    {
        var (exitCode, output) = await RunSuiteAsync(null, "--filter", "*Cerebras*");
        Assert.Equal(2, exitCode);
        Assert.Contains("cerebras is not configured: set CEREBRAS_API_KEY", output);
        Assert.DoesNotContain("Available benchmarks", output);
    }

    private static Task<(int ExitCode, string Output)> RunSuiteAsync(string? artifacts, params string[] args)
        => RunSuiteAsync(artifacts, new Dictionary<string, string>(), args);

    internal static Task<(int ExitCode, string Output)> RunSuiteAsync(string? artifacts, Dictionary<string, string> environment, params string[] args)
        => SuiteProcess.RunAsync(environment, TimeSpan.FromMinutes(8), artifacts is null ? args : [.. args, "--artifacts", artifacts]);

    /// <summary>Splits one CSV line, honouring quoted cells (the Model column may contain commas).</summary>
    internal static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line.TrimEnd('\r'))
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
                cell.Append(c);
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SpeedKings.Bench.sln")))
                return dir.FullName;
        }

        throw new DirectoryNotFoundException("SpeedKings.Bench.sln not found above the test output folder.");
    }
}
