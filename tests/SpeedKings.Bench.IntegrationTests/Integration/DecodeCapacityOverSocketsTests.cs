using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>
/// The loopback's shared decode capacity over real sockets: one stream keeps its schedule's 1,000 tok/s; four at once
/// share 2,000 tok/s, 500 each by hand, and together stay under the capacity — the known per-stream slowdown a
/// load sweep is checked against. Speeds are the server's own, from its write times.
/// </summary>
public sealed class DecodeCapacityOverSocketsTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
        => _server = await LoopbackServer.StartAsync(new LoopbackOptions
        {
            DecodeTokensPerSecond = 2000,
            Schedule = EmissionSchedule.Parse("ttft=10ms;tps=1000;chunk=4;tokens=200"),
        });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Streams_beyond_the_capacity_share_it_and_each_slows_to_its_share()
    {
        InferenceClient[] clients = [.. Enumerable.Range(0, 4).Select(_ => _services.GetRequiredService<InferenceClientFactory>()
            .Create(new ProviderEndpoint(LoopbackFixture.Descriptor(), _server.OpenAiBaseAddress, "reference", default), LoopbackFixture.NotionalPrice))];
        try
        {
            await Task.WhenAll(clients.Select(c => c.WarmConnectionAsync()));
            var request = new ChatRequest("Test", null, "Explain a binary search tree.", 256);

            double alone = ServerSpeed(await clients[0].SendAsync(request));
            Assert.InRange(alone, 900, 1100);   // its schedule's 1,000 tok/s (a late first write reads a little above): the capacity is not reached

            RequestGroundTruth[] shared = [.. (await Task.WhenAll(clients.Select(c => c.SendAsync(request)))).Select(Truth)];
            // 2,000 / 4 = 500 tok/s each while all four generate; the edges (a stream alone for a moment) move it little.
            Assert.All(shared, t => Assert.InRange(Speed(t), 400, 600));
            long first = shared.Min(t => t.TextChunks[0].Timestamp), last = shared.Max(t => t.TextChunks[^1].Timestamp);
            double together = shared.Sum(t => t.OutputTokens - t.TextChunks[0].Tokens) / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
            Assert.InRange(together, 1500, 2100);
        }
        finally
        {
            foreach (InferenceClient client in clients)
                client.Dispose();
        }
    }

    private RequestGroundTruth Truth(RequestRecord record)
        => record.Succeeded && _server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth)
            ? truth
            : throw new InvalidOperationException(record.FailureMessage ?? "no ground truth");

    private double ServerSpeed(RequestRecord record) => Speed(Truth(record));

    /// <summary>The server's own output speed: (N − n_first) / (t_last − t_first) from its write times.</summary>
    private static double Speed(RequestGroundTruth truth)
        => (truth.OutputTokens - truth.TextChunks[0].Tokens) / Stopwatch.GetElapsedTime(truth.TextChunks[0].Timestamp, truth.TextChunks[^1].Timestamp).TotalSeconds;
}
