using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>
/// Every task beyond chat, through each provider's own adapter and catalog entry, against the loopback's imitation of
/// that provider over a real socket: the shipped prompts (Embed16, ToolCall, Json, VisionPair) as a user's run sends
/// them, and every figure held to what the server recorded it did — including the outputs it broke on purpose.
/// </summary>
public sealed class TasksOverSocketsTests : IAsyncLifetime
{
    // Every second structured output breaks its schema; vectors of 384 values.
    private const string Schedule = "ttft=10ms;tps=5000;chunk=2;invalid=2;dims=384";

    private static readonly SuiteData Data = SuiteData.Load(SuitePaths.Locate());
    private static readonly Price Price = new("test", "*", default, 1m, 0.1m, 2m, "test");

    private readonly ServiceProvider _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse(Schedule) });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Theory]
    [InlineData("loopback", "v1")]
    [InlineData("openai", "openai/v1")]
    [InlineData("cohere", "cohere/v2")]
    [InlineData("gemini", "gemini/v1beta")]
    [InlineData("ollama", "ollama")]
    public async Task Embeddings_come_back_one_vector_per_input_at_the_servers_length_and_its_token_count(string providerId, string route)
    {
        using InferenceClient client = CreateClient(providerId, route, InferenceTask.Embed);
        ChatRequest request = ChatRequest.From(Data.Prompts.Find("Embed16"));

        RequestRecord record = await client.SendAsync(request);

        Assert.True(record.Succeeded, $"{providerId}: {record.FailureMessage}");
        RequestGroundTruth truth = TruthOf(record);
        Assert.Equal(Catalog.Find(providerId).SupportFor(InferenceTask.Embed).Model, truth.Model);
        Assert.Equal((16, 16, 384, 384), (truth.Inputs, record.Embeddings!.Value, truth.EmbeddingDimensions, record.EmbeddingDimensions!.Value));
        Assert.Equal(("Embed", 16, true), (record.Task, record.Inputs!.Value, record.OutputValid!.Value));

        // Tokens: the server's count where the format reports one; Gemini's reports none, so it is estimated and marked so.
        if (truth.ReportedUsage is { } reported)
            Assert.Equal((reported.PromptTokens, UsageSource.Reported), (record.Usage!.InputTokens, record.Usage.Source));
        else
            Assert.Equal(UsageSource.Estimated, record.Usage!.Source);
        Assert.Equal(record.Usage.InputTokens / 1_000_000m * Price.InputPerMillion, record.CostUsd);

        // The whole body is the one output event: it arrived after the server wrote it, and latency is that arrival.
        double written = Stopwatch.GetElapsedTime(record.StartTimestamp, Assert.Single(truth.TextChunks).Timestamp).TotalMilliseconds;
        Assert.InRange(record.LastTokenMs!.Value - written, 0, 100);
        Assert.Equal(record.FirstTokenMs, record.LastTokenMs);
        Assert.Equal(16 / (record.LastTokenMs.Value / 1000), record.InputsPerSecond!.Value, 6);
    }

    [Theory]
    [InlineData("openai", "openai/v1", true)]
    [InlineData("anthropic", "anthropic/v1", true)]
    [InlineData("cohere", "cohere/v2", true)]
    [InlineData("gemini", "gemini/v1beta", false)]
    [InlineData("ollama", "ollama", false)]
    public async Task Tool_calls_arrive_as_each_format_streams_them_and_are_valid_exactly_where_the_server_kept_the_schema(string providerId, string route, bool streamed)
    {
        using InferenceClient client = CreateClient(providerId, route, InferenceTask.ToolCall);
        ChatRequest request = ChatRequest.From(Data.Prompts.Find("ToolCall"));
        var outcomes = new List<bool>();
        for (int i = 0; i < 4; i++)
        {
            RequestRecord record = await client.SendAsync(request);
            Assert.True(record.Succeeded, $"{providerId}: {record.FailureMessage}");
            RequestGroundTruth truth = TruthOf(record);

            Assert.Equal(("get_weather", "get_weather"), (truth.ToolName, record.ToolName));
            Assert.Equal(!truth.ViolatesSchema, record.OutputValid);
            if (truth.ViolatesSchema)
                Assert.Contains("does not match the schema", record.OutputProblem, StringComparison.Ordinal);
            else
                Assert.Null(record.OutputProblem);
            outcomes.Add(record.OutputValid!.Value);

            // One argument fragment per chunk the server wrote, or one whole call; both moments after their writes.
            Assert.Equal(streamed ? truth.TextChunks.Count : 1, record.ToolArgumentEvents);
            Assert.True(!streamed || truth.TextChunks.Count > 1, $"{providerId}: the schedule should split the arguments");
            Assert.InRange(record.FirstToolCallMs!.Value - WrittenMs(record, truth.TextChunks[0]), 0, 100);
            Assert.InRange(record.ToolArgumentsDoneMs!.Value - WrittenMs(record, truth.TextChunks[^1]), 0, 100);
            Assert.Equal(streamed, record.ToolArgumentsStreamed);
        }

        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }

    [Theory]
    [InlineData("openai", "openai/v1")]
    [InlineData("gemini", "gemini/v1beta")]
    [InlineData("cohere", "cohere/v2")]
    [InlineData("ollama", "ollama")]
    public async Task Json_answers_are_the_servers_text_and_valid_exactly_where_it_kept_the_schema(string providerId, string route)
    {
        using InferenceClient client = CreateClient(providerId, route, InferenceTask.Json);
        ChatRequest request = ChatRequest.From(Data.Prompts.Find("Json"));
        for (int i = 0; i < 4; i++)
        {
            RequestRecord record = await client.SendAsync(request);
            Assert.True(record.Succeeded, $"{providerId}: {record.FailureMessage}");
            RequestGroundTruth truth = TruthOf(record);
            Assert.Equal(truth.StructuredOutput, client.LastAnswer());
            Assert.Equal(!truth.ViolatesSchema, record.OutputValid);
            Assert.Equal(truth.TextChunks.Count, record.TextEventArrivalsMs.Length);
        }
    }

    [Theory]
    [InlineData("openai", "openai/v1")]
    [InlineData("anthropic", "anthropic/v1")]
    [InlineData("gemini", "gemini/v1beta")]
    [InlineData("cohere", "cohere/v2")]
    [InlineData("ollama", "ollama")]
    public async Task Images_go_in_each_formats_own_parts_and_are_billed_as_the_server_counted_them(string providerId, string route)
    {
        using InferenceClient client = CreateClient(providerId, route, InferenceTask.Vision);
        ChatRequest request = ChatRequest.From(Data.Prompts.Find("VisionPair"));

        RequestRecord record = await client.SendAsync(request);

        Assert.True(record.Succeeded, $"{providerId}: {record.FailureMessage}");
        RequestGroundTruth truth = TruthOf(record);
        // 256×256: 85 + 170 × 1 tile; 1024×768: 85 + 170 × 4 tiles (the loopback's stated rule, counted by hand).
        Assert.Equal((2, (85 + 170) + (85 + 680)), (truth.Images, truth.ImageTokens));
        Assert.Equal(truth.PromptTokens, record.Usage!.InputTokens);
        Assert.Equal("Vision", record.Task);
        Assert.Null(record.OutputValid); // a described image has no schema to check
    }

    private static ProviderCatalog Catalog => Data.Catalog;

    private InferenceClient CreateClient(string providerId, string route, InferenceTask task)
    {
        ProviderDescriptor descriptor = Catalog.Find(providerId);
        TaskSupport support = descriptor.SupportFor(task);
        Assert.True(descriptor.Serves(task), $"{providerId} does not list {task} in data/providers.json");
        var endpoint = new ProviderEndpoint(
            descriptor with { WireFormat = support.WireFormat ?? descriptor.WireFormat },
            new Uri(_server.BaseAddress, route), support.Model ?? descriptor.DefaultModel, new ApiKey("sk-test"));
        return _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, Price);
    }

    private RequestGroundTruth TruthOf(RequestRecord record)
        => _server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth) ? truth : throw new InvalidOperationException($"no ground truth for {record.ProviderRequestId}");

    private static double WrittenMs(RequestRecord record, ChunkWrite chunk)
        => Stopwatch.GetElapsedTime(record.StartTimestamp, chunk.Timestamp).TotalMilliseconds;
}
