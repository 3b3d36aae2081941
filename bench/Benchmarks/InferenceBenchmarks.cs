using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Budgeting;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Faults;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Benchmarks;

/// <summary>
/// One streamed chat completion per iteration — or, at a concurrency level above 1, that many at once — for every
/// configured provider and prompt size. BenchmarkDotNet times the requests and nothing else: the breaker check and
/// the budget reservation happen in <see cref="ClearStreams"/> before the clock, the settlement and the record
/// append in <see cref="RecordIteration"/> after it. TTFT, output speed, tokens and cost come from the records.
/// </summary>
[BenchmarkCategory(Category)]
public class InferenceBenchmarks
{
    public const string Category = "Providers";

    private const int WarmBatch = 32;

    private ServiceProvider? _services;
    // One per concurrent stream: a client reuses its capture buffers from one request to the next.
    private InferenceClient[] _clients = [];
    private PromptDefinition? _prompt;
    // Built per stream in setup (and, for a context class, anew each iteration with a fresh marker): serialising the
    // body is never part of the measured region, nor of the ramp.
    private ChatRequest[] _requests = [];
    private PreparedRequest[] _prepared = [];
    private RecordLog? _log;
    private RunBudget? _budget;
    private RateLimitBreaker? _breaker;

    // The current iteration: how many streams the breaker and the budget let through, and what each produced.
    private RequestRecord?[] _records = [];
    private Task[] _sends = [];
    private BudgetReservation? _reservation;
    private int _cleared;

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.Providers))]
    public string Provider { get; set; } = "loopback";

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.Prompts))]
    public string Prompt { get; set; } = "Short";

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.Concurrency))]
    public int Concurrency { get; set; } = 1;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        RunContext run = RunContext.Current;
        RunTarget target = run.Target(Provider);
        PromptDefinition prompt = run.Prompt(Prompt);
        if (!target.IsConfigured || target.BaseUrl is null)
            throw new InvalidOperationException($"{target.Param} is not configured: {target.Problem}.");

        var endpoint = new ProviderEndpoint(target.Provider, target.BaseUrl, target.Model, ProcessKeys.Of(target.Provider));
        _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
        InferenceClientFactory factory = _services.GetRequiredService<InferenceClientFactory>();
        _clients = [.. Enumerable.Range(0, Concurrency).Select(_ => factory.Create(endpoint, target.Price, run.RequestTimeout))];
        _prompt = prompt;
        _requests = [.. _clients.Select(_ => ChatRequest.From(prompt))];
        _budget = RunBudget.For(run, target, prompt);
        _breaker = new RateLimitBreaker(run.BreakerPath);
        _log = new RecordLog(run.RecordFileFor(Provider, Prompt, Concurrency));
        _prepared = [.. _clients.Select((c, i) => c.Prepare(_requests[i]))];
        _records = new RequestRecord?[Concurrency];
        _sends = new Task[Concurrency];

        // Connections opened in batches: hundreds of SYNs at once overflow a server's accept queue and leave the pool short.
        foreach (InferenceClient[] batch in _clients.Chunk(WarmBatch))
            await Task.WhenAll(batch.Select(c => c.WarmConnectionAsync()));
    }

    /// <summary>
    /// Before the clock: each stream may send only if its provider is not given up on for rate limiting and the
    /// ledger covers its worst case. One reservation covers every stream it lets through; a stream it cannot cover
    /// is recorded as stopped by the budget, so the case says so instead of spending past it.
    /// </summary>
    [IterationSetup]
    public void ClearStreams()
    {
        string provider = _clients[0].Endpoint.Id;
        if (_breaker!.IsTripped(provider))
        {
            (_reservation, _cleared) = (null, 0);
            for (int i = 0; i < _records.Length; i++)
                _records[i] = RateLimitBreaker.NotSent(provider, _clients[0].Endpoint.Model, _prompt!.Id);
            return;
        }

        (_reservation, _cleared) = _budget!.TryReserve(_clients.Length);
        for (int i = _cleared; i < _records.Length; i++)
            _records[i] = _budget.NotSent(provider, _clients[0].Endpoint.Model, _prompt!.Id);

        // A context class must never repeat a prefix a provider could have cached: each request gets its own marker.
        if (_prompt!.IsContext)
        {
            for (int i = 0; i < _cleared; i++)
            {
                _requests[i] = ChatRequest.From(_prompt);
                _prepared[i] = _clients[i].Prepare(_requests[i]);
            }
        }
    }

    /// <summary>
    /// The measured region: the cleared streams' requests, and nothing else. They are all meant to leave now; each
    /// record keeps how late it really left (its schedule lag), so a ramp of starts is measured, never hidden by t0.
    /// </summary>
    [Benchmark]
    public Task Completion()
    {
        long intended = StreamTimer.Now();
        if (_cleared == 1)
            return SendAsync(0, intended);
        for (int i = 0; i < _cleared; i++)
            _sends[i] = SendAsync(i, intended);
        return Task.WhenAll(_sends.AsSpan(0, _cleared));
    }

    /// <summary>After the clock: settle what the sent requests cost, then append every stream's record.</summary>
    [IterationCleanup]
    public void RecordIteration()
    {
        if (_reservation is not null)
        {
            decimal spent = 0;
            for (int i = 0; i < _cleared; i++)
                spent += _records[i]?.CostUsd ?? 0;
            _budget!.Settle(_reservation, spent);
        }

        foreach (RequestRecord? record in _records)
        {
            if (record is null)
                continue;
            _log!.Append(record);
            _breaker!.Observe(record);
        }

        Array.Clear(_records);
        Array.Clear(_sends);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _log?.Dispose();
        foreach (InferenceClient client in _clients)
            client.Dispose();
        if (_services is not null)
            await _services.DisposeAsync();
    }

    private async Task SendAsync(int stream, long intended) => _records[stream] = await _clients[stream].SendAsync(_requests[stream], _prepared[stream], intended);
}
