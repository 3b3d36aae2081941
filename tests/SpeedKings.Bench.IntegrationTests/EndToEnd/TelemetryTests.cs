using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SpeedKings.Bench.Loopback;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// Telemetry out, received for real: an OTLP/HTTP receiver on 127.0.0.1 (Kestrel) takes the run's metric exports, and
/// the run's Prometheus endpoint is scraped while the run is live — with the provider, prompt, load and region
/// attributes, and never the canary key the run was given.
/// </summary>
public class TelemetryTests
{
    private const string Canary = "telemetry-canary-key-5be1c3d7";

    [Fact]
    public async Task A_run_exports_its_request_metrics_over_otlp_and_on_a_live_prometheus_endpoint()
    {
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=5ms;tps=4000;chunk=16") });
        var exports = new ConcurrentQueue<(string ContentType, byte[] Body)>();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using WebApplication collector = builder.Build();
        collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue((request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();
        string otlp = collector.Urls.Single();

        int port = FreePort();
        string artifacts = Directory.CreateTempSubdirectory("speedkings-otel-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { ["SPEEDKINGS_REGION"] = "eu-west", ["CUSTOM_API_KEY"] = Canary };
            using SuiteProcess.Running run = SuiteProcess.Start(environment,
                "--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "otel-model", "--filter", "*custom*Short*", "--concurrency", "1,2",
                "--iterationCount", "3", "--warmupCount", "1", "--otlp", otlp, "--prometheus-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--artifacts", artifacts);

            // While the run is live: after its first case, the endpoint serves that case's requests.
            string? scraped = null;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            while (scraped is null && !run.Process.HasExited && !deadline.IsCancellationRequested)
            {
                try
                {
                    string text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics", deadline.Token);
                    if (text.Contains("speedkings_request_ttft", StringComparison.Ordinal))
                        scraped = text;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet: the run is still planning.
                }

                if (scraped is null)
                    await Task.Delay(250, deadline.Token);
            }

            await run.Process.WaitForExitAsync(deadline.Token);
            string output = await run.OutputAsync();
            Assert.True(run.Process.ExitCode == 0, output);
            Assert.True(scraped is not null, "the Prometheus endpoint never served the request metrics while the run was live\n" + output);
            Assert.Contains("provider=\"custom\"", scraped);
            Assert.Contains("region=\"eu-west\"", scraped);
            Assert.Contains("speedkings_requests", scraped);

            // OTLP: protobuf posts whose strings name the metrics and the attributes; the last one holds both cases.
            Assert.NotEmpty(exports);
            Assert.All(exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
            string all = string.Join("\n", exports.Select(e => Encoding.UTF8.GetString(e.Body)));
            foreach (string expected in new[] { "speedkings.request.ttft", "speedkings.request.e2e", "speedkings.request.output_speed", "speedkings.tokens", "speedkings.cost", "speedkings.run.spent", "otel-model", "Short", "x1", "x2", "eu-west" })
                Assert.Contains(expected, all, StringComparison.Ordinal);
            Assert.DoesNotContain(Canary, all, StringComparison.Ordinal);
            Assert.DoesNotContain(Canary, scraped, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_collector_address_is_refused_in_one_sentence()
    {
        var (exit, output) = await SuiteProcess.RunAsync(new Dictionary<string, string>(), TimeSpan.FromMinutes(4), "estimate", "--otlp", "collector:4318");
        Assert.Equal(2, exit);
        Assert.Contains("--otlp takes the http(s) address of an OTLP collector (e.g. http://127.0.0.1:4318), not 'collector:4318'", output);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
