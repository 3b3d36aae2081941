using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Budgeting;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Faults;
using SpeedKings.Bench.Load;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;
using SpeedKings.Bench.Providers.Streaming;
using Tasks = System.Threading.Tasks.Task;

namespace SpeedKings.Bench.Benchmarks;

/// <summary>
/// One streamed chat completion per iteration — or, at a concurrency level above 1, that many at once, or at a request
/// rate an iteration's worth of arrivals on a schedule — for every configured provider and prompt size. A conversation
/// prompt sends its turns one after another where a single prompt sends one request.
/// BenchmarkDotNet times the requests and nothing else: the breaker check, the budget reservation and the schedule
/// happen in <see cref="ClearStreams"/> before the clock, the settlement and the record append in
/// <see cref="RecordIteration"/> after it. TTFT, output speed, tokens and cost come from the records.
/// </summary>
[BenchmarkCategory(Category)]
public class InferenceBenchmarks
{
    public const string Category = "Providers";

    private const int WarmBatch = 32;

    private ServiceProvider? _services;
    // One per stream (closed loop) or per request that may be in flight (open loop): a client reuses its capture
    // buffers from one request to the next, so it serves one request at a time.
    private InferenceClient[] _clients = [];
    private PromptDefinition? _prompt;
    // Requests per conversation: 1 unless the prompt is one. Records are per request: conversation c's turn k is c × turns + k.
    private int _turns = 1;
    // Per request (or conversation's first turn) of an iteration, built before the clock (a context class anew each
    // iteration, with fresh markers): serialising a body is never part of the measured region, nor of the schedule.
    // A later turn needs the answer before it, so it is built when that answer has ended, and its wait is its lag.
    private ChatRequest[] _requests = [];
    private PreparedRequest[] _prepared = [];
    private RecordLog? _log;
    private RunBudget? _budget;
    private RateLimitBreaker? _breaker;

    // Open loop: the iteration's intended send times (Stopwatch ticks after its first) and the clients not in flight.
    private double _perSecond;
    private SendPacer? _pacer;
    private ArrivalPattern _arrivals = ArrivalPattern.Poisson;
    private long[] _schedule = [];
    private readonly ConcurrentQueue<int> _idle = new();
    private int _iteration;

    // The current iteration: how many requests (conversations) the breaker and the budget let through, and what each produced.
    private RequestRecord?[] _records = [];
    private Task[] _sends = [];
    private BudgetReservation? _reservation;
    private int _cleared;

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.Providers))]
    public string Provider { get; set; } = "loopback";

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.Tasks))]
    public string Task { get; set; } = nameof(InferenceTask.Chat);

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.Prompts))]
    public string Prompt { get; set; } = "Short";

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.Concurrency))]
    public int Concurrency { get; set; } = 1;

    [ParamsSource(typeof(BenchmarkParams), nameof(BenchmarkParams.Rates))]
    public string Rate { get; set; } = RequestRates.AllAtOnce;

    private bool IsOpenLoop => _schedule.Length > 0;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        RunContext run = RunContext.Current;
        var p = new CaseParams(Provider, Prompt, Concurrency, Rate);
        RunTarget target = run.Target(p);
        PromptDefinition prompt = run.Prompt(Prompt);
        if (!target.IsConfigured || target.BaseUrl is null)
            throw new InvalidOperationException($"{target.Param} is not configured: {target.Problem}.");

        var endpoint = new ProviderEndpoint(target.Provider, target.BaseUrl, target.Model, ProcessKeys.Of(target.Provider));
        _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();
        InferenceClientFactory factory = _services.GetRequiredService<InferenceClientFactory>();
        _clients = [.. Enumerable.Range(0, Concurrency).Select(_ => factory.Create(endpoint, target.Price, run.RequestTimeout))];
        _prompt = prompt;
        _turns = prompt.TurnCount;

        int requests = p.RequestsPerIteration(run);
        ChatRequest request = ChatRequest.From(prompt);
        PreparedRequest prepared = _clients[0].Prepare(request);
        _requests = [.. Enumerable.Repeat(request, requests)];
        _prepared = [.. Enumerable.Repeat(prepared, requests)];
        if (p.IsOpenLoop)
        {
            (_perSecond, _arrivals, _schedule, _pacer) = (p.PerSecond, run.OpenLoop!.Arrivals, new long[requests], new SendPacer(p.PerSecond));
            for (int i = 0; i < _clients.Length; i++)
                _idle.Enqueue(i);
        }

        _budget = RunBudget.For(run, target, prompt);
        _breaker = new RateLimitBreaker(run.BreakerPath);
        _log = new RecordLog(run.RecordFileFor(p));
        _records = new RequestRecord?[requests * _turns];
        _sends = new Task[requests];

        // A connection per stream before the first request; their set-up is the case's cold-start cost, once the
        // process's own start-up of its sockets is out of the way.
        await ConnectionPhases.PrimeAsync();
        ConnectionLog.Save(_log.Path, await ConnectionWarmup.WarmAsync(_clients, WarmBatch));
    }

    /// <summary>
    /// Before the clock: the iteration may send only if its provider is not given up on for rate limiting and the
    /// ledger covers its worst case. One reservation covers every request it lets through; a request it cannot cover
    /// is recorded as stopped by the budget, so the case says so instead of spending past it. At a rate, the
    /// iteration's schedule is drawn here, from a seed the case and the iteration fix, so a rerun sends on the same one.
    /// </summary>
    [IterationSetup]
    public void ClearStreams()
    {
        string provider = _clients[0].Endpoint.Id;
        _iteration++;
        if (_breaker!.IsTripped(provider))
        {
            (_reservation, _cleared) = (null, 0);
            for (int i = 0; i < _records.Length; i++)
                _records[i] = RateLimitBreaker.NotSent(provider, _clients[0].Endpoint.Model, _prompt!.Id);
            return;
        }

        // Whole conversations only: a conversation the budget cannot finish is not begun.
        (_reservation, int requests) = _budget!.TryReserve(_records.Length);
        _cleared = requests / _turns;
        for (int i = _cleared * _turns; i < _records.Length; i++)
            _records[i] = _budget.NotSent(provider, _clients[0].Endpoint.Model, _prompt!.Id);

        // A context class must never repeat a prefix a provider could have cached, and a traffic shape draws each
        // request's lengths: each request gets its own text.
        if (_prompt!.VariesPerRequest)
        {
            for (int i = 0; i < _cleared; i++)
            {
                _requests[i] = ChatRequest.From(_prompt);
                _prepared[i] = _clients[0].Prepare(_requests[i]);
            }
        }

        if (IsOpenLoop)
            _arrivals.Fill(_schedule, _perSecond, StableSeed.Of([Provider, Prompt, Rate], _iteration));
    }

    /// <summary>
    /// The measured region: the cleared requests, and nothing else. Closed loop, they are all meant to leave now; open
    /// loop, each at its arrival. Each record keeps how late it really left (its schedule lag), so a ramp of starts or a
    /// client that fell behind its schedule is measured, never hidden by t0.
    /// </summary>
    [Benchmark]
    public Task Completion() => IsOpenLoop ? Arrive() : AllAtOnce();

    /// <summary>After the clock: settle what the sent requests cost, then append every request's record.</summary>
    [IterationCleanup]
    public void RecordIteration()
    {
        if (_reservation is not null)
        {
            decimal spent = 0;
            for (int i = 0; i < _cleared * _turns; i++)
                spent += _records[i]?.CostUsd ?? 0;
            _budget!.Settle(_reservation, spent);
        }

        for (int i = 0; i < _records.Length; i++)
        {
            if (_records[i] is not { } record)
                continue;
            // At a rate, a conversation arrives on the schedule; its later turns follow their answers.
            if (IsOpenLoop && i % _turns == 0 && i / _turns < _cleared)
                record = record with { IntendedOffsetMs = Stopwatch.GetElapsedTime(0, _schedule[i / _turns]).TotalMilliseconds };
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

    private Task AllAtOnce()
    {
        long intended = StreamTimer.Now();
        if (_cleared == 1)
            return SendAsync(0, 0, intended);
        for (int i = 0; i < _cleared; i++)
            _sends[i] = SendAsync(i, i, intended);
        return Tasks.WhenAll(_sends.AsSpan(0, _cleared));
    }

    /// <summary>
    /// Sends each request at its arrival, from this thread, on a client not in flight. An arrival that finds every
    /// client busy (<c>--max-concurrency</c>) waits for one, and that wait is its schedule lag: the cap is measured.
    /// </summary>
    private Task Arrive()
    {
        long origin = StreamTimer.Now();
        for (int i = 0; i < _cleared; i++)
        {
            long intended = origin + _schedule[i];
            _pacer!.WaitUntil(intended);
            _sends[i] = SendOnIdleAsync(i, TakeIdleClient(), intended);
        }

        return Tasks.WhenAll(_sends.AsSpan(0, _cleared));
    }

    private int TakeIdleClient()
    {
        var spinner = new SpinWait();
        int client;
        while (!_idle.TryDequeue(out client))
            spinner.SpinOnce();
        return client;
    }

    private async Task SendOnIdleAsync(int request, int client, long intended)
    {
        try
        {
            await SendAsync(request, client, intended);
        }
        finally
        {
            _idle.Enqueue(client);
        }
    }

    private Task SendAsync(int request, int client, long intended) => _turns == 1
        ? SendOneAsync(request, client, intended)
        : ConverseAsync(request, client, intended);

    private async Task SendOneAsync(int request, int client, long intended)
        => _records[request] = await _clients[client].SendAsync(_requests[request], _prepared[request], intended);

    /// <summary>
    /// A conversation on one client: each turn leaves the moment the answer before it ended — its intended time, so
    /// building the grown history is schedule lag, measured, not hidden — and a failed turn ends the conversation.
    /// </summary>
    private async Task ConverseAsync(int conversation, int client, long intended)
    {
        InferenceClient sender = _clients[client];
        (ChatRequest request, PreparedRequest prepared) = (_requests[conversation], _prepared[conversation]);
        for (int turn = 0; ; turn++)
        {
            RequestRecord record = await sender.SendAsync(request, prepared, intended);
            _records[(conversation * _turns) + turn] = record;
            if (!record.Succeeded || turn + 1 == _turns)
                return;
            intended = StreamTimer.Now();
            request = request.Next(_prompt!, sender.LastAnswer());
            prepared = sender.Prepare(request);
        }
    }
}
