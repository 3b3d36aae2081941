namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>One entry of <c>data/providers.json</c>: everything that differs between providers is data here, not code.</summary>
/// <param name="Id">Lower-case id used in params, filters and variable names (<c>groq</c> → <c>GROQ_API_KEY</c>).</param>
/// <param name="WireFormat">The adapter that speaks its stream, e.g. <c>openai-chat</c>.</param>
/// <param name="BaseUrl">Null when the address comes from the environment (the embedded loopback, Azure, custom endpoints).</param>
/// <param name="KeyVariables">Environment variables tried in order for the key; empty when no key is needed.</param>
/// <param name="MaxTokensField">The request field that caps output (<c>max_tokens</c> or <c>max_completion_tokens</c>).</param>
/// <param name="IncludeUsage">Ask for usage in the stream with <c>stream_options.include_usage</c>.</param>
/// <param name="Schedule">For the loopback reference only: its emission schedule, in the loopback's own syntax.</param>
/// <param name="KeyRequired">False where a key is optional (local engines, custom endpoints): sent when set.</param>
/// <param name="BaseUrlVariables">Conventional variables besides <c>&lt;ID&gt;_BASE_URL</c> (e.g. <c>OLLAMA_HOST</c>, <c>AZURE_OPENAI_ENDPOINT</c>).</param>
/// <param name="BaseUrlPath">Appended to a base URL taken from <paramref name="BaseUrlVariables"/> (Azure: <c>openai/v1</c>).</param>
/// <param name="ProbePath">For local engines: a cheap GET that answers when the engine runs, tried briefly at start.</param>
/// <param name="Tasks">The tasks besides chat it serves, each with its own model or wire format where they differ; null for chat only.</param>
public sealed record ProviderDescriptor(
    string Id,
    string DisplayName,
    ProviderKind Kind,
    string WireFormat,
    Uri? BaseUrl,
    AuthScheme Auth,
    IReadOnlyList<string> KeyVariables,
    string DefaultModel,
    string MaxTokensField,
    bool IncludeUsage,
    string? Schedule = null,
    bool KeyRequired = true,
    IReadOnlyList<string>? BaseUrlVariables = null,
    string? BaseUrlPath = null,
    string? ProbePath = null,
    IReadOnlyDictionary<Contract.InferenceTask, TaskSupport>? Tasks = null)
{
    /// <summary>Whether the provider serves <paramref name="task"/>: chat always, the others where its entry lists them.</summary>
    public bool Serves(Contract.InferenceTask task) => task == Contract.InferenceTask.Chat || Tasks?.ContainsKey(task) == true;

    /// <summary>How the provider serves <paramref name="task"/>: its entry's model and wire format for it, else the provider's own.</summary>
    public TaskSupport SupportFor(Contract.InferenceTask task) => Tasks?.GetValueOrDefault(task) ?? TaskSupport.SameAsChat;

    private string Prefix => Id.ToUpperInvariant().Replace('-', '_');

    /// <summary><c>&lt;ID&gt;_BASE_URL</c>: gateways, proxies, self-hosted endpoints and tests point a provider elsewhere with it.</summary>
    public string BaseUrlVariable => $"{Prefix}_BASE_URL";

    /// <summary><c>&lt;ID&gt;_MODEL</c>: overrides the default model; a comma-separated list benchmarks each model.</summary>
    public string ModelVariable => $"{Prefix}_MODEL";

    /// <summary><c>&lt;ID&gt;_&lt;TASK&gt;_MODEL</c> (<c>OPENAI_EMBED_MODEL</c>): the model a task other than chat asks for.</summary>
    public string TaskModelVariable(Contract.InferenceTask task) => $"{Prefix}_{task.ToString().ToUpperInvariant()}_MODEL";

    /// <summary>The variable a user is told to set when the key is missing.</summary>
    public string PrimaryKeyVariable => KeyVariables.Count > 0 ? KeyVariables[0] : $"{Prefix}_API_KEY";

    public bool NeedsKey => Auth != AuthScheme.None && KeyRequired;
}
