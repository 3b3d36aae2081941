using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>
/// The transport providers really use: the loopback over TLS, HTTP/2 negotiated by ALPN, its certificate made at start
/// and trusted by the client for that server alone. The client's figures still agree with the server's ground truth.
/// </summary>
public sealed class TlsTransportTests : IAsyncLifetime
{
    private static readonly ChatRequest Request = new("Short", null, "Explain a binary search tree.", 64);
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
        => _server = await LoopbackServer.StartAsync(new LoopbackOptions { Tls = true, Schedule = EmissionSchedule.Parse("ttft=20ms;tps=1000;chunk=4") });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private (ServiceProvider, InferenceClient) Client(bool pinned)
    {
        ServiceProvider services = new ServiceCollection()
            .AddInferenceClients(options =>
            {
                if (pinned)
                    options.PinnedCertificates.Add(_server.CertificateSha256!);
            })
            .BuildServiceProvider();
        InferenceClient client = services.GetRequiredService<InferenceClientFactory>().Create(
            new ProviderEndpoint(LoopbackFixture.Descriptor(), _server.OpenAiBaseAddress, "reference", default), LoopbackFixture.NotionalPrice);
        return (services, client);
    }

    [Fact]
    public async Task A_pinned_client_negotiates_http2_over_tls_and_matches_the_ground_truth()
    {
        Assert.Equal("https", _server.BaseAddress.Scheme);
        var (services, client) = Client(pinned: true);
        await using (services)
        using (client)
        {
            for (int i = 0; i < 3; i++)
            {
                RequestRecord record = await client.SendAsync(Request);
                Assert.True(record.Succeeded, record.FailureMessage);
                Assert.Equal("2.0", record.HttpVersion);
                Assert.True(_server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth));
                Assert.Equal(truth.OutputTokens, record.Usage!.OutputTokens);
                Assert.Equal(truth.TextChunks.Count, record.TextEventArrivalsMs.Length);
                // Every event arrives after the server wrote it, on the one machine-wide clock: never before.
                for (int c = 0; c < truth.TextChunks.Count; c++)
                {
                    double written = Stopwatch.GetElapsedTime(record.StartTimestamp, truth.TextChunks[c].Timestamp).TotalMilliseconds;
                    Assert.True(record.TextEventArrivalsMs[c] >= written, $"chunk {c} arrived {written - record.TextEventArrivalsMs[c]:0.000} ms before its write");
                }
            }
        }
    }

    [Fact]
    public async Task The_request_that_opened_the_connection_carries_its_tls_handshake_apart()
    {
        var (services, client) = Client(pinned: true);
        await using (services)
        using (client)
        {
            RequestRecord cold = await client.SendAsync(Request);
            RequestRecord warm = await client.SendAsync(Request);
            Assert.True(cold.Succeeded && warm.Succeeded, cold.FailureMessage ?? warm.FailureMessage);
            Assert.True(cold.NewConnection);
            // A handshake takes time, and it is over before the response's headers can come: inside TTFB, shown apart.
            Assert.True(cold.TlsMs > 0, $"TLS {cold.TlsMs} ms");
            Assert.True(cold.DnsMs + cold.ConnectMs + cold.TlsMs < cold.HeadersMs, $"DNS {cold.DnsMs} + connect {cold.ConnectMs} + TLS {cold.TlsMs} against headers at {cold.HeadersMs} ms");
            Assert.False(warm.NewConnection);
            Assert.Null(warm.TlsMs);
        }
    }

    [Fact]
    public async Task Warming_opens_the_http2_connection_the_requests_then_share_and_reports_its_set_up_once()
    {
        var (services, client) = Client(pinned: true);
        await using (services)
        using (client)
        {
            ConnectionSetup? opened = await client.WarmConnectionAsync();
            ConnectionSetup? again = await client.WarmConnectionAsync();
            Assert.NotNull(opened);
            Assert.True(opened.Value.TlsMs > 0, $"TLS {opened.Value.TlsMs} ms");
            Assert.Null(again);   // the pool had its connection: nothing opened, nothing to report

            // One client per stream, as a run has them, all on the one pool.
            var endpoint = new ProviderEndpoint(LoopbackFixture.Descriptor(), _server.OpenAiBaseAddress, "reference", default);
            InferenceClient[] streams = [.. Enumerable.Range(0, 4).Select(_ => services.GetRequiredService<InferenceClientFactory>().Create(endpoint, LoopbackFixture.NotionalPrice))];
            RequestRecord[] records = await Task.WhenAll(streams.Select(s => s.SendAsync(Request)));
            foreach (InferenceClient stream in streams)
                stream.Dispose();
            Assert.All(records, r => Assert.True(r.Succeeded && !r.NewConnection && r.HttpVersion == "2.0", r.FailureMessage ?? "opened a connection"));
            // The server's own view: every request came on one connection, the one the warm call opened.
            Assert.Single(records.Select(r => _server.GroundTruth.TryGet(r.ProviderRequestId!, out RequestGroundTruth? t) ? t.ConnectionId : "none").Distinct());
        }
    }

    [Fact]
    public async Task Streams_sharing_one_http2_connection_are_each_stamped_with_the_connection_reads_of_their_own_frames()
    {
        var (services, warm) = Client(pinned: true);
        await using (services)
        using (warm)
        {
            Assert.NotNull(await warm.WarmConnectionAsync());
            var endpoint = new ProviderEndpoint(LoopbackFixture.Descriptor(), _server.OpenAiBaseAddress, "reference", default);
            InferenceClient[] streams = [.. Enumerable.Range(0, 6).Select(_ => services.GetRequiredService<InferenceClientFactory>().Create(endpoint, LoopbackFixture.NotionalPrice))];
            // Started 15 ms apart, each stream's chunks are written at moments of their own: a frame of another
            // stream taken for one of this one's would stamp an event before the server wrote it.
            var sent = new List<Task<RequestRecord>>();
            foreach (InferenceClient stream in streams)
            {
                sent.Add(stream.SendAsync(Request));
                await Task.Delay(15);
            }

            RequestRecord[] records = await Task.WhenAll(sent);
            foreach (InferenceClient stream in streams)
                stream.Dispose();

            Assert.Single(records.Select(r => _server.GroundTruth.TryGet(r.ProviderRequestId!, out RequestGroundTruth? t) ? t.ConnectionId : "none").Distinct());
            foreach (RequestRecord record in records)
            {
                Assert.True(record.Succeeded && record.HttpVersion == "2.0", record.FailureMessage ?? record.HttpVersion);
                Assert.True(_server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth));
                Assert.Equal(truth.TextChunks.Count, record.TextEventArrivalsMs.Length);
                for (int c = 0; c < truth.TextChunks.Count; c++)
                {
                    double written = Stopwatch.GetElapsedTime(record.StartTimestamp, truth.TextChunks[c].Timestamp).TotalMilliseconds;
                    Assert.True(record.TextEventArrivalsMs[c] >= written, $"chunk {c} stamped {written - record.TextEventArrivalsMs[c]:0.000} ms before its write");
                }

                // The connection's read comes first, the reader's after the handler's hand-off: never the same moment.
                // Zero would mean the frame was not found and the reader's own stamp was kept.
                Assert.True(record.FirstTokenHandOffMs > 0, $"hand-off {record.FirstTokenHandOffMs} ms");
            }
        }
    }

    [Fact]
    public async Task Without_the_pin_the_certificate_is_refused_and_nothing_is_measured()
    {
        var (services, client) = Client(pinned: false);
        await using (services)
        using (client)
        {
            RequestRecord record = await client.SendAsync(Request);
            Assert.False(record.Succeeded);
            Assert.Empty(record.TextEventArrivalsMs);
            Assert.Contains("SSL", record.FailureMessage, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(_server.GroundTruth.Snapshot());
        }
    }
}
