using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>
/// Over a real socket: the negotiated HTTP version on every record, and the connection set-up recorded on the request
/// that opened the connection and on no other.
/// </summary>
public class ConnectionPhasesTests(LoopbackFixture loopback) : IClassFixture<LoopbackFixture>
{
    private static readonly ChatRequest Request = new("Short", null, "Say hi.", 16);

    [Fact]
    public async Task Only_the_request_that_opened_the_connection_carries_its_phases()
    {
        // A client stack of its own: an empty pool, so the first request must connect.
        await using ServiceProvider services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
        using InferenceClient client = services.GetRequiredService<InferenceClientFactory>().Create(
            new ProviderEndpoint(LoopbackFixture.Descriptor(), loopback.Server.OpenAiBaseAddress, "reference", default), LoopbackFixture.NotionalPrice);

        RequestRecord cold = await client.SendAsync(Request);
        RequestRecord warm = await client.SendAsync(Request);

        Assert.True(cold.Succeeded && warm.Succeeded, cold.FailureMessage ?? warm.FailureMessage);
        Assert.True(cold.NewConnection);
        Assert.InRange(cold.DnsMs!.Value, 0, 1000);     // 127.0.0.1 needs no lookup: next to nothing, never negative
        Assert.InRange(cold.ConnectMs!.Value, 0, 1000);
        Assert.True(cold.ConnectMs < cold.HeadersMs, "the connect is part of the time to headers");
        Assert.Null(cold.TlsMs);                        // cleartext: no handshake to time
        Assert.False(warm.NewConnection);
        Assert.Null(warm.DnsMs);
        Assert.Equal("1.1", cold.HttpVersion);          // the loopback serves cleartext HTTP/1.1
        Assert.Equal("1.1", warm.HttpVersion);
    }

    [Theory]
    [InlineData(4, 32)]   // all at once
    [InlineData(64, 8)]   // a few at a time: in batches one after another only 8 would open, each reusing the last's
    public async Task Warming_a_pool_opens_one_http11_connection_per_stream_which_its_requests_then_use(int streams, int atOnce)
    {
        // A first token a second away keeps every request on its connection until the last has been sent, however
        // slowly a loaded machine starts them: one finished early would hand its connection to the next, which the
        // server would then count once for two requests (CI saw 51 of 64 at the shared fixture's 30 ms).
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=1s;tps=1000;chunk=4") });
        await using ServiceProvider services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
        var endpoint = new ProviderEndpoint(LoopbackFixture.Descriptor(), server.OpenAiBaseAddress, "reference", default);
        InferenceClient[] clients = [.. Enumerable.Range(0, streams).Select(_ => services.GetRequiredService<InferenceClientFactory>().Create(endpoint, LoopbackFixture.NotionalPrice))];
        try
        {
            List<ConnectionSetup> opened = await ConnectionWarmup.WarmAsync(clients, atOnce);
            Assert.Equal(streams, opened.Count);
            Assert.All(opened, o => Assert.True(o is { TlsMs: null, ConnectMs: >= 0 }, $"{o}"));

            RequestRecord[] records = await Task.WhenAll(clients.Select(c => c.SendAsync(Request)));
            Assert.All(records, r => Assert.True(r.Succeeded && !r.NewConnection, r.FailureMessage ?? "opened a connection"));
            // The server's own view: as many connections as concurrent requests, the ones the warm-up opened.
            Assert.Equal(streams, records.Select(r => server.GroundTruth.TryGet(r.ProviderRequestId!, out var t) ? t.ConnectionId : "none").Distinct().Count());
        }
        finally
        {
            foreach (InferenceClient client in clients)
                client.Dispose();
        }
    }
}
