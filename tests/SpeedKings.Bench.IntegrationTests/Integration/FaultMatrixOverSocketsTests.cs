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
/// Every loopback fault, through every wire format's adapter, over a real socket: the request ends with the right
/// failure class and a message, never an exception, and a canary key appears in none of it.
/// </summary>
public sealed class FaultMatrixOverSocketsTests : IAsyncLifetime
{
    private const string CanaryKey = "canary-key-7f3a9c1e";
    private static readonly ChatRequest Request = new("Short", "Be brief.", "Explain a binary search tree.", MaxTokens: 24);

    // Retries as in a run, with a short first backoff so the matrix runs in seconds.
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddInferenceClients(retry => retry.RetryBaseDelay = TimeSpan.FromMilliseconds(20))
        .BuildServiceProvider();
    private LoopbackServer _server = null!;

    public static TheoryData<string, string, FailureKind?> Matrix()
    {
        var data = new TheoryData<string, string, FailureKind?>();
        (string Fault, FailureKind? Expected)[] faults =
        [
            ("status=429", FailureKind.RateLimited),
            ("status=429;retry-after=0", FailureKind.RateLimited),
            ("status=429;retry-after-ms=10", FailureKind.RateLimited),
            ("status=500", FailureKind.Server),
            ("status=502", FailureKind.Server),
            ("status=503", FailureKind.Server),
            ("status=408", FailureKind.Timeout),  // the server gave up waiting for the request: sent again, then a timeout
            ("status=504", FailureKind.Timeout),  // a gateway gave up waiting for the model
            ("status=529", FailureKind.RateLimited),
            ("reset", FailureKind.Server),
            ("slow-headers=150ms", null),
            ("disconnect-after=2", FailureKind.Protocol),
            ("stall-after=2;stall=30s", FailureKind.Timeout),
            ("malformed-after=2", FailureKind.Protocol),
            ("error-after=2", FailureKind.Server),
            ("bad-utf8-after=2", FailureKind.Protocol),
            ("long-line", null),
        ];
        foreach ((string provider, string route) in (ReadOnlySpan<(string, string)>)[("groq", "groq/v1"), ("anthropic", "anthropic/v1"), ("gemini", "gemini/v1beta"), ("cohere", "cohere/v2"), ("ollama", "ollama")])
        {
            foreach ((string fault, FailureKind? expected) in faults)
            {
                // Anthropic's in-stream error is an overloaded_error: a request to slow down, counted as rate limiting.
                FailureKind? kind = provider == "anthropic" && fault.StartsWith("error-after", StringComparison.Ordinal) ? FailureKind.RateLimited : expected;
                data.Add(provider + "|" + route, fault, kind);
            }
        }

        return data;
    }

    public async Task InitializeAsync()
        => _server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=5ms;tps=5000;chunk=2") });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_fault_ends_in_its_failure_class_without_an_exception_or_the_key(string target, string fault, FailureKind? expected)
    {
        string[] parts = target.Split('|');
        ProviderDescriptor descriptor = SuiteData.Load(SuitePaths.Locate()).Catalog.Find(parts[0]);
        var baseUrl = new Uri(_server.BaseAddress, $"_fault/{Uri.EscapeDataString(fault)}/{parts[1]}");
        var endpoint = new ProviderEndpoint(descriptor, baseUrl, descriptor.DefaultModel, new ApiKey(CanaryKey));
        using InferenceClient client = _services.GetRequiredService<InferenceClientFactory>()
            .Create(endpoint, new Price(parts[0], "*", default, 1m, 0.1m, 2m, "test"), requestTimeout: TimeoutFor(fault));

        RequestRecord record = await client.SendAsync(Request);

        Assert.Equal(expected, record.Failure);
        // Safe to retry (nothing generated yet): error statuses and a connection lost before any header. Never mid-stream.
        bool retried = fault.StartsWith("status=", StringComparison.Ordinal) || fault == "reset";
        Assert.Equal(retried ? 3 : 1, record.Attempts);
        if (expected is null)
        {
            Assert.True(record.Usage!.OutputTokens > 0);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(record.FailureMessage));
            Assert.DoesNotContain('\n', record.FailureMessage);
            Assert.Contains(parts[0], record.FailureMessage, StringComparison.Ordinal);
            // A provider bills what it generated before the stream broke: input plus the tokens that arrived (counted
            // when no usage came), at $1/M in and $2/M out — at least one output token's $0.000002. Without text, only
            // what the provider itself reported before breaking (Anthropic's message_start carries the input) is billed.
            if (record.TextEventArrivalsMs.Length > 0)
            {
                Assert.True(record.CostUsd >= 0.000002m, $"{fault}: {record.CostUsd}");
            }
            else
            {
                TokenUsage? reported = record.Usage;
                decimal expectedUsd = reported is null ? 0m : (reported.UncachedInputTokens * 1m + reported.CachedInputTokens * 0.1m + reported.OutputTokens * 2m) / 1_000_000m;
                Assert.Equal(expectedUsd, record.CostUsd ?? 0m);
                Assert.NotEqual(UsageSource.Estimated, reported?.Source);
            }
        }

        Assert.DoesNotContain(CanaryKey, System.Text.Json.JsonSerializer.Serialize(record), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_honours_retry_after_and_its_wait_is_not_latency()
    {
        using InferenceClient client = Client("groq", "groq/v1", "status=429;retry-after=1;times=1");

        RequestRecord record = await client.SendAsync(Request);

        Assert.True(record.Succeeded, record.FailureMessage);
        Assert.Equal(2, record.Attempts);
        Assert.True(record.RetryWaitMs >= 990, $"waited {record.RetryWaitMs:0} ms, asked for 1 s"); // timers may fire a tick early
        // t0 is the second attempt's: the second's wait is in RetryWaitMs, not in TTFT.
        Assert.True(record.FirstTokenMs < record.RetryWaitMs, $"TTFT {record.FirstTokenMs:0.0} ms includes the wait");
        Assert.True(_server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth));
        Assert.True(Stopwatch.GetElapsedTime(record.StartTimestamp, truth.ReceivedTimestamp) >= TimeSpan.Zero, "t0 is after the retried request arrived");
    }

    [Fact]
    public async Task A_wait_longer_than_the_limit_is_not_waited_for()
    {
        using InferenceClient client = Client("groq", "groq/v1", "status=429;retry-after=120");

        RequestRecord record = await client.SendAsync(Request);

        Assert.Equal(FailureKind.RateLimited, record.Failure);
        Assert.Equal(1, record.Attempts);
    }

    [Fact]
    public async Task A_failure_mid_stream_is_never_retried()
    {
        using InferenceClient client = Client("groq", "groq/v1", "disconnect-after=2;times=1");

        RequestRecord record = await client.SendAsync(Request);

        Assert.Equal(FailureKind.Protocol, record.Failure);
        Assert.Equal(1, record.Attempts);
    }

    /// <summary>Short where the fault is a stall (the timeout is what is tested), generous elsewhere: a slow machine is not a fault.</summary>
    private static TimeSpan TimeoutFor(string fault) => TimeSpan.FromSeconds(fault.StartsWith("stall", StringComparison.Ordinal) ? 1.5 : 15);

    private InferenceClient Client(string provider, string route, string fault)
    {
        ProviderDescriptor descriptor = SuiteData.Load(SuitePaths.Locate()).Catalog.Find(provider);
        var endpoint = new ProviderEndpoint(descriptor, new Uri(_server.BaseAddress, $"_fault/{Uri.EscapeDataString(fault)}/{route}"), descriptor.DefaultModel, new ApiKey(CanaryKey));
        return _services.GetRequiredService<InferenceClientFactory>().Create(endpoint, price: null, requestTimeout: TimeSpan.FromSeconds(10));
    }
}
