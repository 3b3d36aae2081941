using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>
/// The loopback saturates like an engine: with two slots, six concurrent requests are served two at a time, the rest
/// queue in order, and each queued request's TTFT carries its wait — the known degradation load tests are checked by.
/// </summary>
public sealed class LoopbackCapacityTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
    private LoopbackServer _server = null!;

    // A service of a quarter second (200 ms to the first token, 45 ms more for the rest) keeps the six requests of a
    // burst inside one round however late a loaded machine sends the last of them: at 10 ms to the first token, a
    // request sent 10 ms late could have found a slot free.
    private const int TtftMs = 200;

    public async Task InitializeAsync()
        => _server = await LoopbackServer.StartAsync(new LoopbackOptions { Slots = 2, Schedule = EmissionSchedule.Parse($"ttft={TtftMs}ms;tps=1000;chunk=5;tokens=50") });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Requests_beyond_the_slots_queue_and_their_TTFT_carries_the_wait()
    {
        InferenceClient[] clients = [.. Enumerable.Range(0, 6).Select(_ => _services.GetRequiredService<InferenceClientFactory>()
            .Create(new ProviderEndpoint(LoopbackFixture.Descriptor(), _server.OpenAiBaseAddress, "reference", default), LoopbackFixture.NotionalPrice))];
        try
        {
            // All six connections open before the burst (one at a time would open just one, and five requests would
            // connect inside the burst, arriving late enough on a loaded machine to find a slot free).
            await Task.WhenAll(clients.Select(c => c.WarmConnectionAsync()));
            var request = new ChatRequest("Test", null, "Explain a binary search tree.", 64);
            await clients[0].SendAsync(request); // the server's own first request pays its start-up, not the test's

            RequestRecord[] records = await Task.WhenAll(clients.Select(c => c.SendAsync(request)));

            var served = records.Select(r => _server.GroundTruth.TryGet(r.ProviderRequestId!, out RequestGroundTruth? t) ? (Record: r, Truth: t) : throw new InvalidOperationException(r.FailureMessage)).ToList();
            // Two were served at once; the other four waited, in two rounds of about one service time (200 + 45 ms) each.
            string waits = string.Join(", ", served.Select(s => $"{s.Truth.QueueWait.TotalMilliseconds:0.0}").Order());
            Assert.True(2 == served.Count(s => s.Truth.QueueWait < TimeSpan.FromMilliseconds(5)), waits);
            Assert.True(4 == served.Count(s => s.Truth.QueueWait > TimeSpan.FromMilliseconds(150)), waits);
            Assert.True(2 == served.Count(s => s.Truth.QueueWait > TimeSpan.FromMilliseconds(350)), waits);
            Assert.True(MostAtOnce(served.Select(s => s.Truth)) <= 2, "more requests were served at once than the server has slots");
            foreach (var (record, truth) in served)
            {
                // The first token comes the schedule's 200 ms after the slot was free, and the client saw all of it.
                double firstWrite = Stopwatch.GetElapsedTime(truth.ReceivedTimestamp, truth.TextChunks[0].Timestamp).TotalMilliseconds;
                Assert.True(firstWrite >= truth.QueueWait.TotalMilliseconds + TtftMs, $"first token {firstWrite:0.0} ms after a {truth.QueueWait.TotalMilliseconds:0.0} ms wait");
                Assert.True(record.FirstTokenMs >= truth.QueueWait.TotalMilliseconds + TtftMs);
            }
        }
        finally
        {
            foreach (InferenceClient client in clients)
                client.Dispose();
        }
    }

    [Fact]
    public async Task The_metrics_endpoint_shows_running_and_waiting_requests_in_vLLM_names()
    {
        InferenceClient[] clients = [.. Enumerable.Range(0, 6).Select(_ => _services.GetRequiredService<InferenceClientFactory>()
            .Create(new ProviderEndpoint(LoopbackFixture.Descriptor(), _server.OpenAiBaseAddress, "reference", default), LoopbackFixture.NotionalPrice))];
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        try
        {
            await Task.WhenAll(clients.Select(c => c.WarmConnectionAsync())); // no connect inside the burst
            var request = new ChatRequest("Test", null, "Explain a binary search tree.", 64);
            await clients[0].SendAsync(request);
            Task<RequestRecord[]> load = Task.WhenAll(clients.Select(c => c.SendAsync(request)));

            // While six requests share two slots, a scrape sees both running with the rest waiting, and never more.
            bool sawQueue = false;
            while (!load.IsCompleted)
            {
                string scrape = await http.GetStringAsync("metrics");
                (int running, int waiting) = (Gauge(scrape, "vllm:num_requests_running"), Gauge(scrape, "vllm:num_requests_waiting"));
                Assert.InRange(running, 0, 2);
                sawQueue |= running == 2 && waiting >= 1;
            }

            RequestRecord[] records = await load;
            Assert.All(records, r => Assert.True(r.Succeeded, r.FailureMessage));
            Assert.True(sawQueue, "no scrape saw both slots running with a request queued");

            // Afterwards: idle, seven finished, and the TTFT histogram holds the server's own first writes.
            string after = await http.GetStringAsync("metrics");
            Assert.Equal((0, 0), (Gauge(after, "vllm:num_requests_running"), Gauge(after, "vllm:num_requests_waiting")));
            Assert.Equal(7, Gauge(after, "vllm:request_success_total"));
            Assert.Equal(7, Gauge(after, "vllm:time_to_first_token_seconds_count"));
            Assert.Matches("(?m)^# TYPE vllm:time_to_first_token_seconds histogram$", after);
        }
        finally
        {
            foreach (InferenceClient client in clients)
                client.Dispose();
        }
    }

    private static int Gauge(string scrape, string name)
        => int.Parse(System.Text.RegularExpressions.Regex.Match(scrape, $"(?m)^{System.Text.RegularExpressions.Regex.Escape(name)}\\{{model_name=\"loopback\"\\}} (\\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The most requests whose service (slot taken → last chunk written) overlapped at one instant.</summary>
    private static int MostAtOnce(IEnumerable<RequestGroundTruth> truths)
    {
        var events = new List<(long At, int Delta)>();
        foreach (RequestGroundTruth t in truths)
        {
            events.Add((t.SlotTimestamp, +1));
            events.Add((t.TextChunks[^1].Timestamp, -1));
        }

        int now = 0, most = 0;
        foreach (var (_, delta) in events.OrderBy(e => e.At).ThenBy(e => e.Delta))
            most = Math.Max(most, now += delta);
        return most;
    }
}
