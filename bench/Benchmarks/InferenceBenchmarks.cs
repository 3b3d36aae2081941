using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Budgeting;
using SpeedKings.Bench.Diagnostics;
using SpeedKings.Bench.Faults;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Benchmarks;

/// <summary>
/// One streamed chat completion per invocation — or, at a concurrency level above 1, that many at once — for every
/// configured provider and prompt size. BenchmarkDotNet times the whole iteration; TTFT, output speed, tokens and cost
/// come from the request records through <see cref="RequestMetricsDiagnoser"/>, one record per stream.
/// </summary>
[BenchmarkCategory(Category)]
public class InferenceBenchmarks
{
    public const string Category = "Providers";

    private ServiceProvider? _services;
    // One per concurrent stream: a client reuses its capture buffers from one request to the next.
    private InferenceClient[] _clients = [];
    private ChatRequest? _request;
    private RecordLog? _log;
    private LoopbackServer? _ownLoopback;
    private RunBudget? _budget;
    private RateLimitBreaker? _breaker;

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.ConfiguredProviders))]
    public string Provider { get; set; } = EmbeddedLoopback.ProviderId;

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.PromptSizes))]
    public string Prompt { get; set; } = "Short";

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.ConcurrencyLevels))]
    public int Concurrency { get; set; } = 1;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        SuiteData data = SuiteData.Current;
        var target = ProviderTarget.Parse(Provider);
        ProviderDescriptor descriptor = data.Catalog.Find(target.ProviderId);
        ProviderStatus status = SuiteSettings.Current.Resolve(descriptor);
        if (!status.IsConfigured)
            throw new InvalidOperationException($"{target.ProviderId} is not configured: {status.Problem}.");

        ProviderEndpoint endpoint = target.EndpointIn(status)
            ?? (descriptor.Kind == ProviderKind.Reference
                ? await StartOwnLoopbackAsync(descriptor)
                : throw new InvalidOperationException($"{Provider}: the model is no longer configured in {descriptor.ModelVariable}."));
        _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
        Price? price = data.Prices.Find(endpoint.Id, endpoint.Model, DateOnly.FromDateTime(DateTime.UtcNow));
        InferenceClientFactory factory = _services.GetRequiredService<InferenceClientFactory>();
        TimeSpan timeout = RequestTimeout.Current;
        _clients = [.. Enumerable.Range(0, Concurrency).Select(_ => factory.Create(endpoint, price, timeout))];
        PromptDefinition prompt = data.Prompts.Find(Prompt);
        _request = ChatRequest.From(prompt);
        _budget = RunBudget.FromEnvironment(price, prompt.ExpectedInputTokens, _request);
        _breaker = RateLimitBreaker.FromEnvironment();
        if (Environment.GetEnvironmentVariable(RequestMetricsDiagnoser.RecordFileVariable) is { Length: > 0 } path)
            _log = new RecordLog(path);

        await Task.WhenAll(_clients.Select(c => c.WarmConnectionAsync()));
    }

    /// <summary>
    /// One request per stream, each sent only if the run's ledger can cover its worst case. A request the budget
    /// stops is recorded as such and returns at once: the case shows "stopped by the budget" instead of spending past it.
    /// </summary>
    [Benchmark]
    public Task<RequestRecord> Completion()
        => _clients.Length == 1 ? SendAsync(_clients[0]) : SendAllAsync();

    private async Task<RequestRecord> SendAllAsync()
    {
        RequestRecord[] records = await Task.WhenAll(_clients.Select(SendAsync));
        return records[0];
    }

    private async Task<RequestRecord> SendAsync(InferenceClient client)
    {
        RequestRecord record;
        if (_breaker?.IsTripped(client.Endpoint.Id) == true)
        {
            record = RateLimitBreaker.NotSent(client.Endpoint.Id, client.Endpoint.Model, _request!.PromptId);
        }
        else if (_budget is null)
        {
            record = await client.SendAsync(_request!);
        }
        else if (_budget.TryReserve() is { } reservation)
        {
            record = await client.SendAsync(_request!);
            _budget.Settle(reservation, record);
        }
        else
        {
            record = _budget.NotSent(client.Endpoint.Id, client.Endpoint.Model, _request!.PromptId);
        }

        _log?.Append(record);
        _breaker?.Observe(record);
        return record;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _log?.Dispose();
        foreach (InferenceClient client in _clients)
            client.Dispose();
        if (_services is not null)
            await _services.DisposeAsync();
        if (_ownLoopback is not null)
            await _ownLoopback.DisposeAsync();
    }

    /// <summary>Run without the host (in-process toolchain, a debugger): the benchmark starts its own reference.</summary>
    private async Task<ProviderEndpoint> StartOwnLoopbackAsync(ProviderDescriptor descriptor)
    {
        _ownLoopback = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmbeddedLoopback.ScheduleOf(descriptor) });
        return new ProviderEndpoint(descriptor, _ownLoopback.OpenAiBaseAddress, descriptor.DefaultModel, default);
    }
}
