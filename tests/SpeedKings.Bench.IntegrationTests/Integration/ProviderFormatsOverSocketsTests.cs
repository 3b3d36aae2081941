using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>
/// Every provider of data/providers.json, through its own adapter and catalog entry, against the loopback's
/// imitation of its wire format over a real socket — pointed there by a base-URL override, as a user would point
/// it at a gateway. Tokens, text events, TTFT, TTFAT, server timings and cost are checked against what the server
/// recorded it sent.
/// </summary>
public sealed class ProviderFormatsOverSocketsTests : IAsyncLifetime
{
    private static readonly ChatRequest Request = new("Short", "Be brief.", "Explain a binary search tree.", MaxTokens: 64);

    private readonly ServiceProvider _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
    private LoopbackServer _server = null!;

    public static TheoryData<string, string> OpenAiFamily => new()
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
        { "gemini-openai", "gemini-openai/v1beta/openai" },
    };

    public static TheoryData<string, string> NativeFormats => new()
    {
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

    [Theory]
    [MemberData(nameof(OpenAiFamily))]
    public Task Each_OpenAI_compatible_dialect_is_measured_against_what_the_server_sent(string providerId, string route)
        => MeasuredAgainstGroundTruthAsync(providerId, route);

    [Theory]
    [MemberData(nameof(NativeFormats))]
    public Task Each_native_format_is_measured_against_what_the_server_sent(string providerId, string route)
        => MeasuredAgainstGroundTruthAsync(providerId, route);

    private async Task MeasuredAgainstGroundTruthAsync(string providerId, string route)
    {
        Price price = TestPrice(providerId);
        using InferenceClient client = CreateClient(providerId, route, "sk-test", price);

        await client.SendAsync(Request); // opens the connection and, for a local engine, loads the model
        RequestRecord record = await client.SendAsync(Request);

        Assert.True(record.Succeeded, $"{providerId}: {record.FailureMessage}");
        Assert.True(_server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth), $"{providerId}: no ground truth for {record.ProviderRequestId}");
        Assert.Equal(providerId, truth.Profile);
        Assert.True(truth.Completed);

        // The body the provider received: the catalog's model and the request's cap, in the field that provider reads.
        Assert.Equal(Catalog.Find(providerId).DefaultModel, truth.Model);
        Assert.Equal(Request.MaxTokens, truth.RequestedMaxTokens);

        // Tokens: exactly what the server reported, each read from where this format puts it.
        ReportedUsage reported = Assert.IsType<ReportedUsage>(truth.ReportedUsage);
        Assert.Equal(UsageSource.Reported, record.Usage!.Source);
        Assert.Equal(truth.OutputTokens, record.Usage.OutputTokens);
        Assert.Equal(reported.OutputTokens, record.Usage.OutputTokens);
        Assert.Equal(reported.PromptTokens, record.Usage.InputTokens);
        Assert.Equal(reported.CachedPromptTokens ?? 0, record.Usage.CachedInputTokens);
        Assert.Equal(reported.ReasoningTokens, record.Usage.ReasoningTokens);

        // Text events: one per chunk the server wrote, none for role-only chunks, comments or usage trailers.
        Assert.Equal(truth.TextChunks.Count, record.TextEventArrivalsMs.Length);
        Assert.Equal(truth.TextChunks.Sum(c => c.TextChars), record.GeneratedChars);
        for (int i = 0; i < truth.TextChunks.Count; i++)
        {
            double lag = record.TextEventArrivalsMs[i] - WrittenMs(record, truth.TextChunks[i]);
            // Never before its write; the upper bound only catches mis-attribution, not a slow machine.
            Assert.True(lag is >= 0 and < 100, $"{providerId}: chunk {i} arrived {lag:0.000} ms after its write");
        }

        // TTFT starts at the first text of either kind, TTFAT at the first answer text.
        int firstAnswer = IndexOfFirstAnswer(truth);
        Assert.Equal(record.TextEventArrivalsMs[0], record.FirstTokenMs);
        Assert.Equal(record.TextEventArrivalsMs[firstAnswer], record.FirstAnswerTokenMs);
        if (truth.TextChunks[0].Reasoning)
            // A later event than the first; equal times only when both came in one socket read (stamped at its completion).
            Assert.True(firstAnswer > 0 && record.FirstAnswerTokenMs >= record.FirstTokenMs, $"{providerId}: TTFAT must come after the reasoning phase");
        Assert.Equal(truth.TextChunks[0].Tokens, record.FirstEventTokens);

        AssertServerTimings(providerId, truth, record.ServerTimings);
        Assert.Equal(truth.ReportedCostUsd, record.ProviderCostUsd);
        // Cost by hand from the test's price (USD per million: input 1, cached input 0.1, output 2) and the reported tokens.
        int cached = reported.CachedPromptTokens ?? 0;
        decimal expected = ((reported.PromptTokens - cached) * 1m + cached * 0.1m + reported.OutputTokens * 2m) / 1_000_000m;
        Assert.Equal(expected, record.CostUsd);
    }

    [Fact]
    public async Task A_rejected_key_names_the_provider_and_the_variable_to_check()
    {
        using InferenceClient client = CreateClient("groq", "groq/v1", "sk-invalid-key", TestPrice("groq"));

        RequestRecord record = await client.SendAsync(Request);

        Assert.Equal(FailureKind.Auth, record.Failure);
        Assert.StartsWith("authentication failed for groq — check GROQ_API_KEY (HTTP 401)", record.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-invalid-key", record.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cerebras", "cerebras/v1")]
    [InlineData("anthropic", "anthropic/v1")]
    [InlineData("gemini", "gemini/v1beta")]
    [InlineData("cohere", "cohere/v2")]
    [InlineData("ollama", "ollama")]
    public async Task An_unknown_model_passes_on_the_providers_own_message(string providerId, string route)
    {
        ProviderDescriptor descriptor = Catalog.Find(providerId);
        var endpoint = new ProviderEndpoint(descriptor, new Uri(_server.BaseAddress, route), "missing-model-x", new ApiKey("sk-test"));
        using InferenceClient client = _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, TestPrice(providerId));

        RequestRecord record = await client.SendAsync(Request);

        Assert.Equal(FailureKind.Request, record.Failure);
        Assert.EndsWith("(HTTP 404): The model 'missing-model-x' does not exist or you do not have access to it.", record.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_engines_model_load_is_reported_once_and_kept_out_of_the_warm_requests()
    {
        using InferenceClient client = CreateClient("ollama", "ollama", "", TestPrice("ollama"));

        RequestRecord cold = await client.SendAsync(Request);
        RequestRecord warm = await client.SendAsync(Request);

        Assert.True(_server.GroundTruth.TryGet(cold.ProviderRequestId!, out RequestGroundTruth? coldTruth));
        Assert.Equal(TimeSpan.FromMilliseconds(120), coldTruth.ModelLoad);
        Assert.Equal(120, cold.ServerTimings!.LoadMs!.Value, 3);
        Assert.True(cold.IsColdStart);
        Assert.True(cold.FirstTokenMs >= 120 + 25, $"cold TTFT {cold.FirstTokenMs:0.0} ms must include the load");

        // The second request of the model pays no load: the server waited none, reported none, and the record is warm.
        // (Said from the server's side: a client-side upper bound on TTFT would fail on a stalled machine, not a bug.)
        Assert.True(_server.GroundTruth.TryGet(warm.ProviderRequestId!, out RequestGroundTruth? warmTruth));
        Assert.Equal(TimeSpan.Zero, warmTruth.ModelLoad);
        Assert.Equal(0, warm.ServerTimings!.LoadMs!.Value, 3);
        Assert.False(warm.IsColdStart);
    }

    [Fact]
    public async Task Azure_is_reached_from_its_endpoint_variable_with_the_key_in_its_api_key_header()
    {
        var variables = new Dictionary<string, string>
        {
            ["AZURE_OPENAI_ENDPOINT"] = new Uri(_server.BaseAddress, "azure").ToString(),
            ["AZURE_OPENAI_API_KEY"] = "azure-test-key",
        };
        ProviderEndpoint endpoint = new ProviderSettings(variables.GetValueOrDefault).Resolve(Catalog.Find("azure")).Endpoint!;
        using InferenceClient client = _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, TestPrice("azure"));

        RequestRecord record = await client.SendAsync(Request);

        Assert.True(record.Succeeded, record.FailureMessage);
        Assert.True(_server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth));
        Assert.Equal("azure", truth.Profile); // served under {endpoint}/openai/v1, which checks api-key and max_completion_tokens
        Assert.Equal(Request.MaxTokens, truth.RequestedMaxTokens);
        Assert.Equal(truth.OutputTokens, record.Usage!.OutputTokens);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("custom-test-key")]
    public async Task A_custom_endpoint_runs_against_an_OpenAI_compatible_server_with_or_without_a_key(string? key)
    {
        var variables = new Dictionary<string, string> { ["CUSTOM_BASE_URL"] = new Uri(_server.BaseAddress, "v1").ToString(), ["CUSTOM_MODEL"] = "my-model" };
        if (key is not null)
            variables["CUSTOM_API_KEY"] = key;
        ProviderEndpoint endpoint = new ProviderSettings(variables.GetValueOrDefault).Resolve(Catalog.Find("custom")).Endpoint!;
        using InferenceClient client = _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, TestPrice("custom"));

        RequestRecord record = await client.SendAsync(Request);

        Assert.True(record.Succeeded, record.FailureMessage);
        Assert.True(_server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth));
        Assert.Equal(("my-model", 64), (truth.Model, truth.RequestedMaxTokens));
        Assert.Equal(UsageSource.Reported, record.Usage!.Source);
        Assert.Equal(truth.OutputTokens, record.Usage.OutputTokens);
    }

    [Theory]
    [InlineData("groq", "groq/v1", AuthScheme.XApiKey, "No API key was provided in the Authorization header as 'Bearer <key>'; this endpoint does not read the x-api-key header.")]
    [InlineData("openai", "openai/v1", AuthScheme.ApiKeyHeader, "No API key was provided in the Authorization header as 'Bearer <key>'; this endpoint does not read the api-key header.")]
    [InlineData("anthropic", "anthropic/v1", AuthScheme.Bearer, "No API key was provided in the x-api-key header; this endpoint does not read the Authorization header.")]
    [InlineData("gemini", "gemini/v1beta", AuthScheme.Bearer, "No API key was provided in the x-goog-api-key header; this endpoint does not read the Authorization header.")]
    [InlineData("cohere", "cohere/v2", AuthScheme.None, "No API key was provided: send it in the Authorization header as 'Bearer <key>'.")]
    public async Task A_provider_configured_with_the_wrong_auth_scheme_is_refused_as_the_provider_would(string providerId, string route, AuthScheme wrong, string message)
    {
        ProviderDescriptor descriptor = Catalog.Find(providerId) with { Auth = wrong };
        var endpoint = new ProviderEndpoint(descriptor, new Uri(_server.BaseAddress, route), descriptor.DefaultModel, new ApiKey("sk-test-key"));
        using InferenceClient client = _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, TestPrice(providerId));

        RequestRecord record = await client.SendAsync(Request);

        Assert.Equal(FailureKind.Auth, record.Failure);
        Assert.EndsWith($"(HTTP 401): {message}", record.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAI_refuses_the_older_max_tokens_field_naming_the_one_it_takes()
    {
        ProviderDescriptor descriptor = Catalog.Find("openai") with { MaxTokensField = "max_tokens" };
        var endpoint = new ProviderEndpoint(descriptor, new Uri(_server.BaseAddress, "openai/v1"), descriptor.DefaultModel, new ApiKey("sk-test-key"));
        using InferenceClient client = _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, TestPrice("openai"));

        RequestRecord record = await client.SendAsync(Request);

        Assert.Equal(FailureKind.Request, record.Failure);
        Assert.EndsWith("(HTTP 400): Unsupported parameter: 'max_tokens' is not supported with this model; use 'max_completion_tokens' instead.", record.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_that_the_provider_repeats_in_part_is_redacted_from_the_record()
    {
        const string Key = "cnry77-invalid-5e1b7c9d-QZWX";
        using InferenceClient client = CreateClient("openai", "openai/v1", Key, TestPrice("openai"));

        RequestRecord record = await client.SendAsync(Request);

        // The server did repeat it (first six and last four characters, as OpenAI does)...
        using var http = new HttpClient();
        using var probe = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, "openai/v1/chat/completions")) { Content = new StringContent("{}") };
        probe.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Key);
        Assert.Equal("Incorrect API key provided: cnry77******************QZWX.", await ErrorMessageAsync(await http.SendAsync(probe)));

        // ...and the record passes the message on without any of it.
        Assert.Equal(FailureKind.Auth, record.Failure);
        Assert.EndsWith("(HTTP 401): Incorrect API key provided: ***.", record.FailureMessage, StringComparison.Ordinal);
        foreach (string fragment in new[] { "cnry77", "QZWX", "5e1b7c9d" })
            Assert.DoesNotContain(fragment, record.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "anthropic-version: header is required")]
    [InlineData("2020-01-01", "anthropic-version: '2020-01-01' is not a supported value; send '2023-06-01'")]
    public async Task Anthropic_refuses_a_request_without_its_version_header(string? version, string message)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, "anthropic/v1/messages"))
        {
            Content = new StringContent("""{"model":"claude-haiku-4-5","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"""),
        };
        request.Headers.Add("x-api-key", "sk-test-key");
        if (version is not null)
            request.Headers.Add("anthropic-version", version);

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await ErrorMessageAsync(response));
    }

    /// <summary><c>error.message</c> of an OpenAI or Anthropic error body.</summary>
    private static async Task<string?> ErrorMessageAsync(HttpResponseMessage response)
    {
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetProperty("message").GetString();
    }

    private static ProviderCatalog Catalog => SuiteData.Load(SuitePaths.Locate()).Catalog;

    private static Price TestPrice(string providerId) => new(providerId, "*", default, 1m, 0.1m, 2m, "test");

    private InferenceClient CreateClient(string providerId, string route, string key, Price price)
    {
        ProviderDescriptor descriptor = Catalog.Find(providerId);
        var endpoint = new ProviderEndpoint(descriptor, new Uri(_server.BaseAddress, route), descriptor.DefaultModel, new ApiKey(key));
        return _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, price);
    }

    private static double WrittenMs(RequestRecord record, ChunkWrite chunk)
        => Stopwatch.GetElapsedTime(record.StartTimestamp, chunk.Timestamp).TotalMilliseconds;

    private static int IndexOfFirstAnswer(RequestGroundTruth truth)
    {
        for (int i = 0; i < truth.TextChunks.Count; i++)
        {
            if (!truth.TextChunks[i].Reasoning)
                return i;
        }

        return truth.TextChunks.Count - 1;
    }

    /// <summary>
    /// Each timing the server put on the wire, converted to milliseconds, must be the one the client recorded. The
    /// server's figures are its real timestamps, so this also checks they reached the report unaltered.
    /// </summary>
    private static void AssertServerTimings(string providerId, RequestGroundTruth truth, ServerTimings? timings)
    {
        if (truth.ServerTimings.Count == 0)
        {
            Assert.Null(timings);
            return;
        }

        Assert.NotNull(timings);
        foreach ((string path, double value) in truth.ServerTimings)
        {
            (double? recorded, double toMs) = Field(path, timings);
            Assert.True(recorded is not null, $"{providerId}: {path} was sent but not recorded");
            Assert.Equal(value * toMs, recorded!.Value, 6);
        }
    }

    private static (double? Recorded, double ToMs) Field(string path, ServerTimings t) => path[(path.LastIndexOf('.') + 1)..] switch
    {
        "queue_time" => (t.QueueMs, 1000),
        "prompt_time" => (t.PromptMs, 1000),
        "completion_time" => (t.CompletionMs, 1000),
        "total_time" => (t.TotalMs, 1000),
        "time_to_first_token" => (t.FirstTokenMs, 1000),
        "total_latency" => (t.TotalMs, 1000),
        "completion_tokens_after_first_per_sec" or "predicted_per_second" => (t.OutputTokensPerSecond, 1),
        "prompt_ms" => (t.PromptMs, 1),
        "predicted_ms" => (t.CompletionMs, 1),
        "load_duration" => (t.LoadMs, 1e-6),
        "prompt_eval_duration" => (t.PromptMs, 1e-6),
        "eval_duration" => (t.CompletionMs, 1e-6),
        "total_duration" => (t.TotalMs, 1e-6),
        _ => throw new InvalidOperationException($"The test does not know the server timing {path}."),
    };
}
