using SpeedKings.Bench.Budgeting;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Context;

/// <summary>
/// One value of the <c>Provider</c> param: a provider (and a model, when several are benchmarked), resolved by the
/// host, with everything a benchmark process needs to call it except the key.
/// </summary>
/// <param name="Param">The param value: <c>groq</c>, or <c>groq/llama-3.3-70b</c> when several models run.</param>
/// <param name="BaseUrl">Where requests go; null when the provider is not configured.</param>
/// <param name="Problem">Why the provider cannot run and what to set (<c>set GROQ_API_KEY</c>); null when it can.</param>
/// <param name="Price">The price in force on the run's day; null when the table has none.</param>
/// <param name="Label">The report's Model cell: the model, or for the loopback the schedule it keeps.</param>
internal sealed record RunTarget(
    string Param,
    ProviderDescriptor Provider,
    string Model,
    Uri? BaseUrl,
    string? Problem,
    Price? Price,
    string Label)
{
    public bool IsConfigured => Problem is null;

    /// <summary>The tasks besides chat this target serves, each with the model, route and price it takes for it.</summary>
    public IReadOnlyDictionary<InferenceTask, TaskTarget> Tasks { get; init; } = new Dictionary<InferenceTask, TaskTarget>();

    /// <summary>Whether the target serves <paramref name="task"/>: chat always, the others where data/providers.json says so.</summary>
    public bool Serves(InferenceTask task) => task == InferenceTask.Chat || Tasks.ContainsKey(task);

    /// <summary>
    /// This target as a case of <paramref name="task"/> calls it: an embedding case sends its own model to its own route,
    /// at that model's price; chat-route tasks keep the target as it is unless the provider names another model for them.
    /// </summary>
    public RunTarget ForTask(InferenceTask task) => Tasks.TryGetValue(task, out TaskTarget? t)
        ? this with
        {
            Provider = Provider with { WireFormat = t.WireFormat },
            Model = t.Model,
            Price = t.Price,
            Label = Provider.Kind == ProviderKind.Reference ? Label : t.Model,
        }
        : this;

    /// <summary>Concurrent streams go only to endpoints the user owns: a burst to a cloud provider is a rate-limit test nobody asked for.</summary>
    public bool TakesConcurrency => Provider.Kind is ProviderKind.Reference or ProviderKind.Local;

    /// <summary>
    /// Where an endpoint the user owns may expose its engine metrics (vLLM, SGLang, TGI, llama.cpp with
    /// <c>--metrics</c>, the loopback): <c>/metrics</c> at the root of its address; null for cloud providers.
    /// </summary>
    public Uri? EngineMetricsUrl => TakesConcurrency && BaseUrl is { } address ? new Uri(address, "/metrics") : null;

    /// <summary>The most one request of this prompt can cost here: what the ledger reserves before sending it.</summary>
    public decimal WorstCasePerRequestUsd(PromptDefinition prompt)
        => Price is null ? 0 : WorstCase.PerRequestUsd(Price, prompt.WorstInputTokens, prompt.MaxTokens);

    /// <summary>Whether this prompt's requests are costly enough here to skip warmup.</summary>
    public bool SkipsWarmup(PromptDefinition prompt) => WarmupPolicy.SkipsWarmup(Provider.Kind, WorstCasePerRequestUsd(prompt));
}

/// <summary>How a target serves one task besides chat: the model, the wire format of its route, and the price in force.</summary>
internal sealed record TaskTarget(string Model, string WireFormat, Price? Price);
