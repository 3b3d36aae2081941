using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SpeedKings.Bench.Loopback;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// <c>--sweep</c> against an engine of known capacity: the loopback with four decode slots and requests of 76 ms
/// (the first chunk of 16 tokens at 20 ms, the other 112 at 2,000 tok/s) serves at most 4 / 0.076 ≈ 52.6 requests/s. The sweep
/// must find one-at-a-time and saturated throughput near what that implies, sweep rates between them, and put the
/// knee below the capacity.
/// </summary>
public partial class SweepRunTests
{
    private const int Slots = 4;
    private const double RequestMs = 20 + (128 - 16) / 2000.0 * 1000;
    private const double Capacity = Slots / (RequestMs / 1000);

    [Fact]
    public async Task A_sweep_finds_the_engines_range_and_puts_its_knee_below_capacity()
    {
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Slots = Slots, Schedule = EmissionSchedule.Parse("ttft=20ms;tps=2000;chunk=16") });
        string artifacts = Directory.CreateTempSubdirectory("speedkings-sweep-").FullName;
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, [],
                "--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "sweep-model",
                "--filter", "*custom*Short*", "--iterationCount", "2", "--warmupCount", "1",
                "--sweep", "--sweep-points", "4", "--max-concurrency", "8", "--rate-seconds", "1.5");
            Assert.True(exitCode == 0, output);

            // First phase: one at a time is one request per 76 ms and a little; eight at once on four slots is the capacity.
            Match range = SweepLine().Match(output);
            Assert.True(range.Success, output);
            double oneAtATime = double.Parse(range.Groups["one"].Value, CultureInfo.InvariantCulture);
            double most = double.Parse(range.Groups["most"].Value, CultureInfo.InvariantCulture);
            Assert.InRange(oneAtATime, 1000 / RequestMs * 0.75, 1000 / RequestMs);
            Assert.InRange(most, Capacity * 0.7, Capacity);
            string[] rates = range.Groups["rates"].Value.Split(", ");
            Assert.Equal(4, rates.Length);

            // Both phases in one report: the two closed-loop cases and the four rates at the cap.
            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
            var loads = lines.Skip(1).Select(BenchmarkRunTests.SplitCsv)
                .Select(r => (Concurrency: r[Array.IndexOf(header, "Concurrency")], Rate: r[Array.IndexOf(header, "Rate")])).ToList();
            (string, string)[] expected = [("1", "inf"), ("8", "inf"), .. rates.Select(r => ("8", r))];
            Assert.Equal(expected.Order(), loads.Order());

            // The knee: the most throughput with TTFT within twice unloaded — below capacity, and not nothing.
            using var run = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(artifacts, "results"), "speedkings-run-*.json").Single()));
            JsonElement knee = run.RootElement.GetProperty("sweeps").EnumerateArray().Single();
            double kneeRate = knee.GetProperty("requestsPerSecond").GetDouble();
            Assert.InRange(kneeRate, Capacity * 0.35, Capacity);
            Assert.True(knee.GetProperty("ttftFromIntendedMs").GetDouble() <= 2 * knee.GetProperty("unloadedTtftMs").GetDouble());

            string methodology = File.ReadAllText(Directory.GetFiles(Path.Combine(artifacts, "results"), "speedkings-methodology-*.md").Single());
            Assert.Contains("### Sweep: custom sweep-model, Short", methodology);
            Assert.Contains("Knee: ", methodology);
            Assert.Single(Directory.GetFiles(Path.Combine(artifacts, "results"), "speedkings-sweep-*.svg"));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [GeneratedRegex(@"// Sweep: custom Short served (?<one>[\d.]+) req/s one at a time and (?<most>[\d.]+) req/s with 8 streams at once; now (?<rates>.+)\.")]
    private static partial Regex SweepLine();
}
