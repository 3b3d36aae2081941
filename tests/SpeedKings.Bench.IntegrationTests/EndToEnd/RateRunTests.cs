using System.Diagnostics;
using System.Globalization;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// Request-rate load as a user runs it: <c>--rate</c> against an owned endpoint, checked against what the server saw
/// arrive (its own receive timestamps) — one rate the client can keep, and one its <c>--max-concurrency</c> cannot,
/// which must be reported as client-bound with its queueing kept in the from-intended latencies and the goodput.
/// </summary>
public class RateRunTests
{
    private const double Kept = 40, Overloaded = 400;
    private const int Cap = 16;

    [Fact]
    public async Task Arrivals_keep_their_rate_and_spread_and_a_capped_client_says_it_fell_behind()
    {
        // 128 tokens at 2,000 tok/s after 20 ms: about 84 ms a request, so 40/s needs ~3.4 in flight and 400/s ~34 — twice the cap.
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=20ms;tps=2000;chunk=16") });
        string artifacts = Directory.CreateTempSubdirectory("speedkings-rate-").FullName;
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, [],
                "--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "rate-model",
                "--filter", "*custom*Short*", "--iterationCount", "2", "--warmupCount", "1",
                "--rate", "40,400", "--max-concurrency", Cap.ToString(CultureInfo.InvariantCulture), "--rate-seconds", "2", "--slo", "ttft=60ms");
            Assert.True(exitCode == 0, output);

            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
            var rows = lines.Skip(1).Select(BenchmarkRunTests.SplitCsv).ToDictionary(r => r[Array.IndexOf(header, "Rate")]);
            Assert.Equal(["40/s", "400/s"], rows.Keys.Order());   // no closed-loop case: only rates were asked for
            Assert.All(rows.Values, r => Assert.Equal("16", r[Array.IndexOf(header, "Concurrency")]));
            double Cell(string rate, string column) => double.Parse(rows[rate][Array.IndexOf(header, column)].Replace(",", ""), CultureInfo.InvariantCulture);

            // The kept rate, from the server's own receive times: 2 s × 40/s = 80 arrivals per iteration.
            List<RequestRecord> kept = Measured(artifacts, "40ps", warmup: 80);
            Assert.Equal(160, kept.Count);
            Assert.All(kept, r => Assert.True(r.Succeeded, r.FailureMessage));
            var (serverRate, serverCv) = ServerArrivals(server, kept);
            Assert.InRange(serverRate, Kept * 0.98, Kept * 1.02);
            Assert.InRange(serverCv, 0.7, 1.3);                      // Poisson: gaps with CV 1
            Assert.InRange(Cell("40/s", "Achieved req/s"), Kept * 0.98, Kept * 1.02);
            // The column is from the client's sends, the server's CV from its receives: a receive 50 ms late moves the
            // latter by about 0.025 over these 158 gaps, so they agree to 0.1 (constant gaps would read 0).
            Assert.InRange(Cell("40/s", "Arrival CV"), serverCv - 0.1, serverCv + 0.1);
            // Little's law: the requests counted in flight agree with rate × time in flight.
            Assert.InRange(Cell("40/s", "In flight mean"), Cell("40/s", "λ × W") * 0.9, Cell("40/s", "λ × W") * 1.1);
            // Whether 40/s stays under the client-bound threshold depends on this machine's scheduling (a CI run once
            // saw its lag p90 pass 1 ms): a timing target, measured and quoted, never asserted here.

            // The overloaded rate: arrivals wait for one of the 16 clients, so the server never saw more than 16 at once,
            // the achieved rate falls far short, the wait shows as schedule lag, and the case is called client-bound.
            List<RequestRecord> capped = Measured(artifacts, "400ps", warmup: 800);
            Assert.True(MostAtOnce(server, capped) <= Cap, "no more requests in flight than --max-concurrency");
            Assert.True(Cell("400/s", "Achieved req/s") < Overloaded * 0.7, "the cap holds the rate down");
            Assert.Contains("// Client-bound: Completion [Provider=custom, Task=Chat, Prompt=Short, Concurrency=16, Rate=400/s]", output);
            Assert.True(Cell("400/s", "TTFT from intended p50 (ms)") > Cell("400/s", "TTFT p50 (ms)") + 100, "the queue is in TTFT from intended");

            // Goodput counts TTFT from the intended time: a hand count over the records agrees with the column.
            double good = 100.0 * capped.Count(r => r.Succeeded && r.FirstTokenMs + r.ScheduleLagMs <= 60) / capped.Count;
            Assert.Equal(good, Cell("400/s", "Good %"), 0.1);
            Assert.True(Cell("400/s", "Good %") < Cell("40/s", "Good %"));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    private static List<RequestRecord> Measured(string artifacts, string rate, int warmup)
        => [.. RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), $"*-custom-Short-{Cap}-{rate}.jsonl", SearchOption.AllDirectories).Single()).Skip(warmup)];

    /// <summary>Arrival rate and gap CV as the server saw them, iteration by iteration (an offset of 0 starts one).</summary>
    private static (double Rate, double Cv) ServerArrivals(LoopbackServer server, List<RequestRecord> records)
    {
        var gaps = new List<double>();
        double span = 0;
        long first = 0, previous = 0;
        foreach (RequestRecord record in records)
        {
            Assert.True(server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth));
            long received = truth.ReceivedTimestamp;
            if (record.IntendedOffsetMs == 0)
            {
                span += previous == 0 ? 0 : Stopwatch.GetElapsedTime(first, previous).TotalSeconds;
                first = received;
            }
            else
            {
                gaps.Add(Stopwatch.GetElapsedTime(previous, received).TotalMilliseconds);
            }

            previous = received;
        }

        span += Stopwatch.GetElapsedTime(first, previous).TotalSeconds;
        double mean = gaps.Average();
        double sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Count - 1));
        return (gaps.Count / span, sd / mean);
    }

    /// <summary>The most requests the server was serving at once, from its receive and last-write times.</summary>
    private static int MostAtOnce(LoopbackServer server, List<RequestRecord> records)
    {
        var events = new List<(long At, int Change)>();
        foreach (RequestRecord record in records)
        {
            Assert.True(server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth));
            events.Add((truth.ReceivedTimestamp, +1));
            events.Add((truth.TextChunks[^1].Timestamp, -1));
        }

        int now = 0, most = 0;
        foreach (var (_, change) in events.OrderBy(e => e.At).ThenBy(e => e.Change))
            most = Math.Max(most, now += change);
        return most;
    }
}
