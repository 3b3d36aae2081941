using System.Globalization;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// Prompt caching, measured: a context class beside its shared-prefix twin, against imitations of OpenAI (which caches
/// on its own) and Anthropic (which caches only what a request marks with cache_control), on a loopback that pays
/// 50,000 tokens/s of prefill for what its prefix cache does not hold. The twin's warm requests report cached input,
/// skip the prefill and cost less; the plain class never hits the cache. Being remote providers, they also get the
/// network round-trip probe beside TTFT.
/// </summary>
public class PromptCachingTests
{
    private const string Key = "caching-test-key-7c41e09b";

    [Fact]
    public async Task A_shared_prefix_is_reported_cached_and_is_faster_and_cheaper_than_the_same_context_cold()
    {
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=10ms;tps=4000;chunk=16;prefill=50000") });
        string artifacts = Directory.CreateTempSubdirectory("speedkings-cache-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = new Uri(server.BaseAddress, "openai/v1").AbsoluteUri,
            ["ANTHROPIC_BASE_URL"] = new Uri(server.BaseAddress, "anthropic/v1").AbsoluteUri,
            ["OPENAI_API_KEY"] = Key,
            ["ANTHROPIC_API_KEY"] = Key,
        };
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, environment, "--filter", "*openai*Ctx10k*", "*anthropic*Ctx10k*", "--iterationCount", "4", "--warmupCount", "1", "--budget", "1");
            Assert.True(exitCode == 0, output);

            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
            var rows = lines.Skip(1).Select(BenchmarkRunTests.SplitCsv).ToDictionary(r => (r[Array.IndexOf(header, "Provider")], r[Array.IndexOf(header, "Prompt")]));
            // Remote providers get the network's round trip beside TTFT: here the loopback's, a fraction of a millisecond.
            Assert.Contains("// Network RTT (median of 5 TCP connects): ", output);
            Assert.All(rows.Values, r => Assert.InRange(double.Parse(r[Array.IndexOf(header, "Network RTT (ms)")], CultureInfo.InvariantCulture), 0.001, 20));

            double Cost(string provider, string prompt) => double.Parse(rows[(provider, prompt)][Array.IndexOf(header, "$/request")], CultureInfo.InvariantCulture);

            foreach (string provider in new[] { "openai", "anthropic" })
            {
                List<RequestRecord> cold = Records(artifacts, provider, "Ctx10k");
                List<RequestRecord> shared = Records(artifacts, provider, "Ctx10kCached");
                Assert.All(cold.Concat(shared), r => Assert.True(r.Succeeded, r.FailureMessage));

                // The plain class: a marker first in every request, so nothing is ever cached and every TTFT pays the prefill.
                Assert.All(cold, r => Assert.Equal(0, r.Usage!.CachedInputTokens));
                Assert.All(cold, r => Assert.Equal(0, Truth(server, r).CachedPromptTokens));

                // The twin: its first request fills the cache; every later one is served nearly whole from it, as the
                // server's own ground truth says, and the client reads the same count from the provider's usage.
                Assert.Equal(0, shared[0].Usage!.CachedInputTokens);
                foreach (RequestRecord warm in shared.Skip(1))
                {
                    int cached = Truth(server, warm).CachedPromptTokens;
                    Assert.True(cached > 0.85 * Truth(server, warm).PromptTokens, $"{provider}: {cached} of {Truth(server, warm).PromptTokens} cached");
                    Assert.Equal(cached, warm.Usage!.CachedInputTokens);
                    // ~250 ms of prefill skipped: TTFT far below every cold request's.
                    Assert.True(warm.FirstTokenMs < cold.Min(r => r.FirstTokenMs) - 150, $"{provider}: warm TTFT {warm.FirstTokenMs} ms against cold {cold.Min(r => r.FirstTokenMs)} ms");
                }

                // Reported and priced: the column shows the cached share, and the cached price makes the twin cheaper.
                Assert.True(double.Parse(rows[(provider, "Ctx10kCached")][Array.IndexOf(header, "Cached in %")], CultureInfo.InvariantCulture) > 50);
                Assert.True(Cost(provider, "Ctx10kCached") < 0.7 * Cost(provider, "Ctx10k"), $"{provider}: {Cost(provider, "Ctx10kCached")} vs {Cost(provider, "Ctx10k")}");
            }
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    private static List<RequestRecord> Records(string artifacts, string provider, string prompt)
        => RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), $"*-{provider}-{prompt}-1.jsonl", SearchOption.AllDirectories).Single());

    private static RequestGroundTruth Truth(LoopbackServer server, RequestRecord record)
        => server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth) ? truth : throw new InvalidOperationException($"no ground truth for {record.ProviderRequestId}");
}
