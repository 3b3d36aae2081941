using System.Text.Json;
using System.Text.Json.Serialization;
using SpeedKings.Bench.Calibration;
using SpeedKings.Bench.Load;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Context;

/// <summary>
/// Everything a run decided before its first request, in one file: the targets, the workload, the planned counts,
/// the budget and where the ledger, the breaker and the records live. The host writes it once; each benchmark process
/// finds it through <see cref="Variable"/>, set on the job (so it shows in the summary), and reads it once.
/// </summary>
internal sealed record RunContext
{
    /// <summary>The one variable a benchmark process needs from the host: the path of this file.</summary>
    public const string Variable = "SPEEDKINGS_RUN_CONTEXT";

    public const string FileName = "run-context.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Lock Gate = new();
    private static RunContext? _current;

    public required string RunId { get; init; }

    /// <summary>The run's folder under <c>records/</c>: record files, ledger, breaker, self-check and this file.</summary>
    public required string RunFolder { get; init; }

    /// <summary>What this process may spend: the run's budget, or a shard's slice of it.</summary>
    public required decimal BudgetUsd { get; init; }

    /// <summary>The slice of the cases this process runs (<c>--shard</c>); null for all of them.</summary>
    public Sharding.Shard? Shard { get; init; }

    /// <summary>Warmup requests per case, as planned (a target that skips warmup gets none).</summary>
    public required int Warmup { get; init; }

    /// <summary>Measured requests per case, as planned: the budget may have scaled it down.</summary>
    public required int Measured { get; init; }

    /// <summary>The closed-loop levels: streams sent at once per iteration. Empty when only <c>--rate</c> was asked for.</summary>
    public required IReadOnlyList<int> Concurrency { get; init; }

    /// <summary>Request-rate load (<c>--rate</c>); null for none.</summary>
    public OpenLoop? OpenLoop { get; init; }

    /// <summary>
    /// A sweep's rates once its first phase has measured them, per <see cref="SweepPlan.Key"/> (provider and prompt):
    /// each provider sweeps at its own scale. Null before, and in a run without <c>--sweep</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? SweepRates { get; init; }

    /// <summary>Whether <c>--allow-paid-load</c> lets concurrency and rates reach paid providers (inside the budget).</summary>
    public bool AllowPaidLoad { get; init; }

    public required double RequestTimeoutSeconds { get; init; }

    /// <summary>The objectives of <c>--slo</c>, for goodput; null when none were given.</summary>
    public ServiceLevels? Slo { get; init; }

    /// <summary>The workload: the prompts the <c>Prompt</c> param names.</summary>
    public required IReadOnlyList<PromptDefinition> Prompts { get; init; }

    public required IReadOnlyList<RunTarget> Targets { get; init; }

    /// <summary>Per remote target param: the network's round trip measured before the run (<see cref="Hosting.NetworkProbe"/>); null before it.</summary>
    public IReadOnlyDictionary<string, double>? NetworkRttMs { get; init; }

    /// <summary>The harness self-check of this run on this machine; null when it could not run.</summary>
    public LevelResult? SelfCheck { get; init; }

    public string LedgerPath => Path.Combine(RunFolder, "budget-ledger.txt");

    public string BreakerPath => Path.Combine(RunFolder, "rate-limited.txt");

    public string FilePath => Path.Combine(RunFolder, FileName);

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);

    /// <summary>
    /// The run this process belongs to. The host sets it before BenchmarkDotNet converts the benchmark type (its
    /// params sources read it); a benchmark process loads it from <see cref="Variable"/> on first use.
    /// BenchmarkDotNet calls params sources statically, so this one static is the seam it leaves us.
    /// </summary>
    public static RunContext Current
    {
        get
        {
            lock (Gate)
                return _current ??= Load();
        }
    }

    public static void Use(RunContext context)
    {
        lock (Gate)
            _current = context;
    }

    public RunTarget Target(string param)
        => Targets.FirstOrDefault(t => t.Param == param)
            ?? throw new InvalidOperationException($"{param} is not a target of run {RunId}.");

    /// <summary>A case's target as its prompt's task calls it (an embedding case: the embedding model, route and price).</summary>
    public RunTarget Target(CaseParams p) => Target(p.Provider).ForTask(Prompt(p.Prompt).Task.Kind);

    public PromptDefinition Prompt(string id)
        => Prompts.FirstOrDefault(p => p.Id == id)
            ?? throw new InvalidOperationException($"{id} is not a prompt of run {RunId}.");

    /// <summary>The record file of one case, named from its params alone so the host and the benchmark agree on it.</summary>
    public string RecordFileFor(CaseParams p)
    {
        string rate = p.IsOpenLoop ? "-" + p.Rate.Replace("/s", "ps", StringComparison.Ordinal) : "";
        string name = $"InferenceBenchmarks.Completion-{p.Provider}-{p.Prompt}-{p.Concurrency}{rate}.jsonl";
        foreach (char invalid in Path.GetInvalidFileNameChars())
            name = name.Replace(invalid, '_');
        return Path.Combine(RunFolder, name);
    }

    public string Save()
    {
        Directory.CreateDirectory(RunFolder);
        string temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, FilePath, overwrite: true);
        return FilePath;
    }

    private static RunContext Load()
    {
        string path = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set
            ? set
            : throw new InvalidOperationException($"{Variable} is not set: benchmarks run through ./run.sh, which writes the run context.");
        return JsonSerializer.Deserialize<RunContext>(File.ReadAllText(path), Json)
            ?? throw new InvalidOperationException($"{path} holds no run context.");
    }
}
