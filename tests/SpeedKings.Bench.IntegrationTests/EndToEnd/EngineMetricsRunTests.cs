using System.Diagnostics;
using System.Globalization;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// The server's side beside the client's: a run against an owned endpoint that exposes vLLM-style metrics (the
/// loopback with one slot) shows, per case, what the engine reported while the case was measured.
/// </summary>
public class EngineMetricsRunTests
{
    [Fact]
    public async Task A_saturated_engine_shows_its_queue_beside_the_clients_figures()
    {
        // Requests of a third of a second (128 tokens at 400/s) keep the one slot busy nearly all the case long, so the
        // scrapes every 100 ms see it running: at 2000/s a request took 84 ms, and CI once saw a case's every scrape
        // fall in the gaps between them (running max 0).
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Slots = 1, Schedule = EmissionSchedule.Parse("ttft=20ms;tps=400;chunk=8") });
        string artifacts = Directory.CreateTempSubdirectory("speedkings-engine-").FullName;
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, [],
                "--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "engine-model",
                "--filter", "*custom*Short*", "--iterationCount", "4", "--warmupCount", "1", "--concurrency", "1,4");
            Assert.True(exitCode == 0, output);

            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
            var rows = lines.Skip(1).Select(BenchmarkRunTests.SplitCsv).ToDictionary(r => r[Array.IndexOf(header, "Concurrency")]);
            double Cell(string concurrency, string column) => double.Parse(rows[concurrency][Array.IndexOf(header, column)], CultureInfo.InvariantCulture);

            // One stream never queues; four streams on one slot always have someone waiting, and one running.
            Assert.Equal(0, Cell("1", "Engine waiting max"));
            Assert.Equal(1, Cell("1", "Engine running max"));
            Assert.InRange(Cell("4", "Engine waiting max"), 1, 3);
            Assert.Equal(1, Cell("4", "Engine running max"));

            // The engine's own TTFT, from its histogram, agrees with its ground truth for the measured requests.
            List<RequestRecord> measured = [.. RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), "*-custom-Short-1.jsonl", SearchOption.AllDirectories).Single()).Skip(1)];
            double truthMs = measured.Average(r => server.GroundTruth.TryGet(r.ProviderRequestId!, out RequestGroundTruth? t)
                ? Stopwatch.GetElapsedTime(t.ReceivedTimestamp, t.TextChunks[0].Timestamp).TotalMilliseconds
                : double.NaN);
            Assert.InRange(Cell("1", "Engine TTFT mean (ms)"), truthMs * 0.8, truthMs * 1.2);
            // With a queue, the engine's TTFT (arrival to first token) includes the wait; the client's from t0 does too.
            Assert.True(Cell("4", "Engine TTFT mean (ms)") > Cell("1", "Engine TTFT mean (ms)"));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }
}
