using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Tests.Integration;

/// <summary>
/// Every provider of data/providers.json, through its own adapter and catalog entry, against the loopback's
/// imitation of its wire format over a real socket — pointed there by a base-URL override, as a user would point
/// it at a gateway. Tokens, text events and timings are checked against the server's ground truth.
/// </summary>
public sealed class ProviderFormatsOverSocketsTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
    private LoopbackServer _server = null!;

    public static TheoryData<string, string> Providers => new()
    {
        { "openai", "openai/v1" },
        { "cerebras", "cerebras/v1" },
        { "groq", "groq/v1" },
        { "sambanova", "sambanova/v1" },
        { "fireworks", "fireworks/v1" },
        { "deepseek", "deepseek/v1" },
        { "openrouter", "openrouter/v1" },
        { "together", "together/v1" },
        { "llamacpp", "llamacpp/v1" },
        { "anthropic", "anthropic/v1" },
        { "gemini", "gemini/v1beta" },
        { "cohere", "cohere/v2" },
        { "ollama", "ollama" },
    };

    public async Task InitializeAsync()
        => _server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=25ms;tps=2000;chunk=4") });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _services.DisposeAsync();
    }

    // Waiting for issue 3's loopback profiles: the routes below do not exist yet, so the test cannot pass.
    [Theory(Skip = "issue 3: the loopback does not serve the provider profiles under these routes yet")]
    [MemberData(nameof(Providers))]
    public async Task Each_format_is_measured_against_what_the_server_sent(string providerId, string route)
    {
        ProviderDescriptor descriptor = SuiteData.Load(SuitePaths.Locate()).Catalog.Find(providerId);
        var endpoint = new ProviderEndpoint(descriptor, new Uri(_server.BaseAddress, route), descriptor.DefaultModel, new ApiKey("sk-test"));
        var price = new Price(providerId, "*", default, 1m, 0.1m, 2m, "test");
        using InferenceClient client = _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, price);
        var request = new ChatRequest("Short", "Be brief.", "Explain a binary search tree.", MaxTokens: 64);

        await client.SendAsync(request); // opens the connection
        RequestRecord record = await client.SendAsync(request);

        Assert.True(record.Succeeded, $"{providerId}: {record.FailureMessage}");
        Assert.True(_server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth), $"{providerId}: no ground truth for {record.ProviderRequestId}");
        Assert.Equal(truth.OutputTokens, record.Usage!.OutputTokens);
        Assert.Equal(UsageSource.Reported, record.Usage.Source);
        Assert.Equal(truth.TextChunks.Count, record.TextEventArrivalsMs.Length);
        Assert.Equal(truth.TextChunks.Sum(c => c.TextChars), record.GeneratedChars);

        // Every text event arrives after the server wrote it, and soon after.
        for (int i = 0; i < truth.TextChunks.Count; i++)
        {
            double written = Stopwatch.GetElapsedTime(record.StartTimestamp, truth.TextChunks[i].Timestamp).TotalMilliseconds;
            double lag = record.TextEventArrivalsMs[i] - written;
            Assert.True(lag is >= 0 and < 25, $"{providerId}: chunk {i} arrived {lag:0.000} ms after its write");
        }

        Assert.Equal(Cost.Of(price, record.Usage), record.CostUsd);
    }
}
