namespace SpeedKings.Bench.Loopback;

/// <summary>
/// What the server itself knows about one request: when it arrived, when each chunk was written, and what was sent.
/// The client's measurements are checked against this. All timestamps are raw <see cref="System.Diagnostics.Stopwatch"/>
/// values on the machine-wide monotonic clock the client uses too.
/// </summary>
public sealed record RequestGroundTruth
{
    /// <summary>The id sent back in the <c>x-request-id</c> header, e.g. <c>lb-7</c>.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>The server's id of the connection the request came on (Kestrel's): equal ids, one connection.</summary>
    public string ConnectionId { get; init; } = "";

    /// <summary>Taken first thing in the handler, before the body is read.</summary>
    public long ReceivedTimestamp { get; init; }

    /// <summary>
    /// Taken immediately before the response headers were flushed: with the role-only chunk when streaming, with the
    /// whole body otherwise.
    /// </summary>
    public long HeadersFlushedTimestamp { get; init; }

    /// <summary>Text-carrying chunks in write order. A non-streamed response is one chunk holding all the text.</summary>
    public IReadOnlyList<ChunkWrite> TextChunks { get; init; } = [];

    /// <summary>ceil(UTF-8 bytes of all message contents / 4): an approximation, the same one reported as usage.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Images the request carried; <see cref="ImageTokens"/> of <see cref="PromptTokens"/> are theirs.</summary>
    public int Images { get; init; }

    public int ImageTokens { get; init; }

    /// <summary>The tool the response called, for a request that defined one; null otherwise.</summary>
    public string? ToolName { get; init; }

    /// <summary>The tool call's arguments or the JSON answer exactly as sent (cut where max tokens cut it); null for words.</summary>
    public string? StructuredOutput { get; init; }

    /// <summary>Whether the server broke the schema on purpose (the schedule's <c>invalid</c>): a required property left out.</summary>
    public bool ViolatesSchema { get; init; }

    /// <summary>Embedding routes: the texts embedded and the length of each vector returned; 0 for chat.</summary>
    public int Inputs { get; init; }

    public int EmbeddingDimensions { get; init; }

    /// <summary>Of <see cref="PromptTokens"/>, those its prefix cache served: their prefill was skipped and they are reported as cached.</summary>
    public int CachedPromptTokens { get; init; }

    /// <summary>Tokens the server meant to generate for this request (what usage reports as completion_tokens).</summary>
    public int OutputTokens { get; init; }

    public bool Streamed { get; init; }

    /// <summary>A hash of the request's messages as sent (OpenAI-compatible routes; 0 elsewhere): equal prompts, equal hashes.</summary>
    public int PromptHash { get; init; }

    /// <summary>The model the request body named.</summary>
    public string Model { get; init; } = "";

    /// <summary>The output cap the request body set, in whichever field its format uses; null when it set none.</summary>
    public int? RequestedMaxTokens { get; init; }

    /// <summary>True when every frame of the response, the end-of-stream marker included, was handed to Kestrel.</summary>
    public bool Completed { get; init; }

    /// <summary>The schedule this request was served with, after any <c>x-loopback-schedule</c> override.</summary>
    public EmissionSchedule Schedule { get; init; } = new();

    /// <summary>
    /// The profile that served the request: <c>reference</c> for the plain <c>/v1</c> routes, otherwise the fixture's
    /// name (<c>openai</c>, <c>cerebras</c>, <c>groq</c>, … <c>anthropic</c>, <c>gemini</c>, <c>cohere</c>, <c>ollama</c>).
    /// </summary>
    public string Profile { get; init; } = "reference";

    /// <summary>
    /// Of <see cref="OutputTokens"/>, how many were the reasoning phase (sent before the answer). Where the profile hides
    /// reasoning text (OpenAI) they are only waited out and reported in usage, and no <see cref="TextChunks"/> entry has
    /// <see cref="ChunkWrite.Reasoning"/> set.
    /// </summary>
    public int ReasoningTokens { get; init; }

    /// <summary>The usage the response reported, or null when it reported none (e.g. OpenAI without include_usage).</summary>
    public ReportedUsage? ReportedUsage { get; init; }

    /// <summary>
    /// Server-side timings the response reported, keyed by their JSON path as sent (<c>time_info.queue_time</c>,
    /// <c>x_groq.usage.prompt_time</c>, <c>usage.time_to_first_token</c>, <c>timings.prompt_ms</c>,
    /// <c>load_duration</c>, …), each value exactly as written and in the unit the format uses (seconds, milliseconds,
    /// nanoseconds or tokens per second). Empty when the format reports none. Derived from the server's own
    /// timestamps: queue = received → headers flushed, prompt = headers → first text written, completion = first → last.
    /// </summary>
    public IReadOnlyDictionary<string, double> ServerTimings { get; init; } = EmptyTimings;

    /// <summary>The cost in USD the response reported (OpenRouter's <c>usage.cost</c>), exactly as sent; otherwise null.</summary>
    public decimal? ReportedCostUsd { get; init; }

    /// <summary>The simulated model load this request waited out before its first token (zero when already loaded).</summary>
    public TimeSpan ModelLoad { get; init; }

    /// <summary>How long this request waited for one of the server's slots before being served (zero without a capacity).</summary>
    public TimeSpan QueueWait { get; init; }

    /// <summary>When the request took its slot (raw Stopwatch timestamp); 0 without a capacity.</summary>
    public long SlotTimestamp { get; init; }

    /// <summary>The prefill this request waited out before its first token: its prompt tokens at the schedule's prefill rate.</summary>
    public TimeSpan Prefill { get; init; }

    private static readonly IReadOnlyDictionary<string, double> EmptyTimings = new Dictionary<string, double>();
}
