using System.Globalization;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// Faults through the whole pipeline: BenchmarkDotNet, benchmark processes, real sockets, the reports. Four providers
/// misbehave in four ways while a fifth is healthy; every key is a canary.
/// </summary>
public class FaultRunTests
{
    private const string Canary = "canary-key-4d2b8e6f1a9c";

    [Fact]
    public async Task Misbehaving_providers_are_counted_skipped_or_timed_out_and_the_healthy_one_is_intact()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-faults-" + Guid.NewGuid().ToString("N"));
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=10ms;tps=2000;chunk=4") });
        var environment = new Dictionary<string, string>
        {
            ["GROQ_BASE_URL"] = Url(server, "status=429;retry-after=0", "groq/v1"),
            ["CEREBRAS_BASE_URL"] = Url(server, "disconnect-after=2", "cerebras/v1"),
            ["OPENROUTER_BASE_URL"] = Url(server, "malformed-after=1", "openrouter/v1"),
            ["FIREWORKS_BASE_URL"] = Url(server, "stall-after=1;stall=60s", "fireworks/v1"),
            ["DEEPSEEK_BASE_URL"] = new Uri(server.BaseAddress, "deepseek/v1").AbsoluteUri,
        };
        foreach (string variable in new[] { "GROQ_API_KEY", "CEREBRAS_API_KEY", "OPENROUTER_API_KEY", "FIREWORKS_API_KEY", "DEEPSEEK_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY" })
            environment[variable] = Canary;

        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, environment,
                "--filter", "*groq*Short*", "*cerebras*Short*", "*openrouter*Short*", "*fireworks*Short*", "*deepseek*Short*",
                "--iterationCount", "3", "--warmupCount", "1", "--timeout", "2");

            // Cases whose every request failed make the exit code 1; the run still finished and wrote everything.
            Assert.True(exitCode == 1, output);
            Assert.Contains("// groq kept answering 429 (rate limited): it was skipped for the rest of the run", output);

            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
            var rows = lines.Skip(1).Select(BenchmarkRunTests.SplitCsv).ToDictionary(r => r[Array.IndexOf(header, "Provider")]);
            string Cell(string provider, string column) => rows[provider][Array.IndexOf(header, column)];

            foreach (string failing in new[] { "groq", "cerebras", "openrouter", "fireworks" })
                Assert.Equal("3", Cell(failing, "Failed"));
            Assert.Equal("3", Cell("deepseek", "Requests"));
            Assert.True(double.Parse(Cell("deepseek", "Out tokens"), CultureInfo.InvariantCulture) > 0);

            // Each failure, by its class, in the per-request records.
            string records = string.Join('\n', Directory.GetFiles(Path.Combine(artifacts, "records"), "*.jsonl", SearchOption.AllDirectories).Select(File.ReadAllText));
            Assert.Contains("\"failure\":\"RateLimited\"", records);
            Assert.Contains("kept answering 429 and is skipped for the rest of the run", records);
            Assert.Contains("\"failure\":\"Protocol\"", records);
            Assert.Contains("\"failure\":\"Timeout\"", records);

            // The budget held, and it is exactly what the records cost: a refused request (429, nothing generated) is
            // billed nothing, a healthy one its tokens, a stream broken after text its input and the text it sent.
            string ledger = Directory.GetFiles(artifacts, "budget-ledger.txt", SearchOption.AllDirectories).Single();
            decimal spent = File.ReadLines(ledger).Where(l => l.StartsWith("settle", StringComparison.Ordinal))
                .Sum(l => decimal.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture));
            List<RequestRecord> Records(string provider) => RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), $"*-{provider}-Short-1.jsonl", SearchOption.AllDirectories).Single());
            string[] providers = ["groq", "cerebras", "openrouter", "fireworks", "deepseek"];
            Assert.Equal(providers.Sum(p => Records(p).Sum(r => r.CostUsd ?? 0)), spent);
            Assert.True(spent <= 0.25m);
            Assert.All(Records("groq"), r => Assert.Equal(0m, r.CostUsd ?? 0));
            Assert.All(Records("deepseek"), r => Assert.True(r.CostUsd > 0));
            // A dropped stream is billed for what arrived before the drop (a reset may discard the chunks still unread).
            Assert.All(Records("cerebras").Where(r => r.TextEventArrivalsMs.Length > 0), r => Assert.True(r.CostUsd > 0));
            Assert.Contains("// Spent $", output);

            Assert.DoesNotContain(Canary, output, StringComparison.Ordinal);
            foreach (string file in Directory.GetFiles(artifacts, "*", SearchOption.AllDirectories))
                Assert.False((await File.ReadAllTextAsync(file)).Contains(Canary, StringComparison.Ordinal), $"{file} contains the key");
        }
        finally
        {
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }

    private static string Url(LoopbackServer server, string fault, string route)
        => new Uri(server.BaseAddress, $"_fault/{fault}/{route}").AbsoluteUri;
}
