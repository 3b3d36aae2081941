using System.Globalization;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Loopback.Faults;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// A chaos run: two providers whose every request has a 20 % chance of one of nine faults (the server logs each draw),
/// a third that is healthy, 300 requests in two runs through BenchmarkDotNet and the benchmark processes. Each record is held to
/// the fault its own last attempt drew, no request goes unrecorded, the budget holds, and the healthy provider
/// measures what it measures in a run without chaos.
/// </summary>
public class ChaosRunTests
{
    private const int Requests = 75;

    // The class each fault of the menu must end in, from the fault matrix (a retried fault only when it was the last attempt's).
    private static FailureKind? Expected(string provider, string? fault) => fault?.Split(';')[0] switch
    {
        null => null,
        "status=429" => FailureKind.RateLimited,
        "status=500" or "status=503" or "reset" => FailureKind.Server,
        "status=504" => FailureKind.Timeout,
        "disconnect-after=2" or "malformed-after=2" or "bad-utf8-after=2" => FailureKind.Protocol,
        "error-after=2" => provider == "anthropic" ? FailureKind.RateLimited : FailureKind.Server, // Anthropic's is overloaded_error
        var other => throw new InvalidOperationException($"the test does not know the fault {other}"),
    };

    [Fact]
    public async Task Random_faults_are_each_classified_no_record_is_lost_and_the_healthy_provider_is_untouched()
    {
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=10ms;tps=2000;chunk=4") });
        string chaos = Directory.CreateTempSubdirectory("speedkings-chaos-").FullName, calm = Directory.CreateTempSubdirectory("speedkings-calm-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["GROQ_BASE_URL"] = new Uri(server.BaseAddress, "_fault/chaos=0.2;seed=11/groq/v1").AbsoluteUri,
            ["ANTHROPIC_BASE_URL"] = new Uri(server.BaseAddress, "_fault/chaos=0.2;seed=12/anthropic/v1").AbsoluteUri,
            ["OPENAI_BASE_URL"] = new Uri(server.BaseAddress, "openai/v1").AbsoluteUri,
            ["GROQ_API_KEY"] = "sk-chaos-groq", ["ANTHROPIC_API_KEY"] = "sk-chaos-anthropic", ["OPENAI_API_KEY"] = "sk-chaos-openai",
        };
        string[] counts = ["--iterationCount", Requests.ToString(CultureInfo.InvariantCulture), "--warmupCount", "0", "--budget", "2"];
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(chaos, environment, ["--filter", "*groq*Short*", "*anthropic*Short*", "*openai*Short*", .. counts]);
            Assert.True(exitCode == 0, output); // failures are counted, not fatal: every case still measured something
            IReadOnlyList<ChaosDraw> draws = server.ChaosDraws;
            var drawn = draws.ToDictionary(d => d.RequestId, d => d.Fault);
            Assert.InRange(draws.Count(d => d.Fault is not null), 0.1 * draws.Count, 0.3 * draws.Count); // the stated 20 %

            foreach (string provider in new[] { "groq", "anthropic" })
            {
                List<RequestRecord> records = RecordLog.ReadAll(Directory.GetFiles(chaos, $"*-{provider}-Short-1.jsonl", SearchOption.AllDirectories).Single());
                Assert.Equal(Requests, records.Count); // every request recorded, each once
                foreach (RequestRecord record in records)
                {
                    if (record.ProviderRequestId is { } id)
                        Assert.True(Expected(provider, drawn[id]) == record.Failure, $"{provider} {id} drew {drawn[id] ?? "nothing"} and ended {record.Failure?.ToString() ?? "well"}: {record.FailureMessage}");
                    else
                        Assert.Equal(FailureKind.Server, record.Failure); // the last attempt's connection was reset: no response, no id
                    Assert.False(string.IsNullOrWhiteSpace(record.FailureMessage) && record.Failure is not null);
                }

                Assert.Contains(records, r => r.Failure is not null);
            }

            int attempts = Directory.GetFiles(chaos, "*-Short-1.jsonl", SearchOption.AllDirectories)
                .Where(f => !f.Contains("-openai-", StringComparison.Ordinal)).Sum(f => RecordLog.ReadAll(f).Sum(r => r.Attempts));
            Assert.Equal(draws.Count, attempts); // the chaos routes served exactly the attempts the records count

            // The budget held, and it is exactly what the records cost.
            List<RequestRecord> all = [.. Directory.GetFiles(chaos, "*.jsonl", SearchOption.AllDirectories).SelectMany(f => RecordLog.ReadAll(f))];
            decimal settled = File.ReadLines(Directory.GetFiles(chaos, "budget-ledger.txt", SearchOption.AllDirectories).Single())
                .Where(l => l.StartsWith("settle ", StringComparison.Ordinal)).Sum(l => decimal.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture));
            Assert.Equal(all.Sum(r => r.CostUsd ?? 0), settled);
            Assert.True(settled <= 2m);

            // The healthy provider, then the same provider in a run without chaos: the same figures within noise.
            var (calmExit, calmOutput) = await BenchmarkRunTests.RunSuiteAsync(calm, environment, ["--filter", "*openai*Short*", .. counts]);
            Assert.True(calmExit == 0, calmOutput);
            Assert.Equal("0", Cell(chaos, "openai", "Failed"));
            // Not one retry leaked onto it (a retry's backoff is 20 ms or more); the figures of two runs minutes
            // apart then agree within what the machine's load moves them by.
            Assert.All(Directory.GetFiles(chaos, "*-openai-Short-1.jsonl", SearchOption.AllDirectories).SelectMany(f => RecordLog.ReadAll(f)),
                r => Assert.True(r.Attempts == 1 && r.Failure is null, $"{r.Attempts} attempts, {r.FailureMessage}"));
            Assert.InRange(Number(chaos, "TTFT p50 (ms)") - Number(calm, "TTFT p50 (ms)"), -5.0, 5.0);
            Assert.InRange(Number(chaos, "Out tok/s p50") / Number(calm, "Out tok/s p50"), 0.9, 1.1);
            Assert.Equal(Number(calm, "Out tokens"), Number(chaos, "Out tokens"));
        }
        finally
        {
            Directory.Delete(chaos, recursive: true);
            Directory.Delete(calm, recursive: true);
        }
    }

    private static double Number(string artifacts, string column) => double.Parse(Cell(artifacts, "openai", column), CultureInfo.InvariantCulture);

    private static string Cell(string artifacts, string provider, string column)
    {
        string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
        string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
        string[] row = lines.Skip(1).Select(BenchmarkRunTests.SplitCsv).Single(r => r[Array.IndexOf(header, "Provider")] == provider);
        return row[Array.IndexOf(header, column)];
    }
}
