using System.Text.Json.Serialization;

namespace SpeedKings.Bench.Metrics.Records;

/// <summary>
/// Everything measured about one request. Times are milliseconds after t0, the client's monotonic clock reading
/// when the attempt that produced the response began (the hand-off to HttpClient; for a retry, its dispatch);
/// <c>null</c> means the moment never came. The derived measures below are the definitions the README's metric table gives, computed
/// in one place.
/// </summary>
public sealed record RequestRecord
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required string Prompt { get; init; }

    /// <summary>Wall-clock start, for reports and time-of-day buckets; never used for durations.</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>t0 as a raw <see cref="System.Diagnostics.Stopwatch"/> timestamp, to line up with a server's ground truth.</summary>
    public long StartTimestamp { get; init; }

    /// <summary>
    /// Schedule lag: how long after its intended send time the request was handed to HTTP (first attempt) — the start
    /// of its batch of concurrent streams, or its arrival in a rate schedule. The client's own delay (a ramp of starts,
    /// a late arrival): latencies from t0 leave it out, the <c>…FromIntendedMs</c> figures keep it. Null when the
    /// request had no intended time.
    /// </summary>
    public double? ScheduleLagMs { get; init; }

    /// <summary>
    /// At a request rate: the intended send time, milliseconds after its iteration's first arrival (0 begins an
    /// iteration). With <see cref="ScheduleLagMs"/> it gives the actual send time, so the achieved rate and the spread
    /// of arrivals can be checked against the schedule. Null for closed-loop streams, which all leave at once.
    /// </summary>
    public double? IntendedOffsetMs { get; init; }

    /// <summary>TTFT as the user waited for it: from the intended send time, so a late client never flatters a server; null without one.</summary>
    public double? FirstTokenFromIntendedMs => FirstTokenMs + ScheduleLagMs;

    /// <summary>E2E from the intended send time.</summary>
    public double? LastTokenFromIntendedMs => LastTokenMs + ScheduleLagMs;

    /// <summary>The provider's id for the request (<c>x-request-id</c> or similar), for support tickets and ground truth.</summary>
    public string? ProviderRequestId { get; init; }

    public int? HttpStatus { get; init; }

    /// <summary>The HTTP version the response came over (<c>1.1</c>, <c>2.0</c>, <c>3.0</c>), as negotiated.</summary>
    public string? HttpVersion { get; init; }

    /// <summary>Name resolution of a connection this request opened; null when it reused one from the pool.</summary>
    public double? DnsMs { get; init; }

    /// <summary>TCP connect of a connection this request opened; null when it reused one. Inside TTFB and TTFT, shown apart.</summary>
    public double? ConnectMs { get; init; }

    /// <summary>
    /// The TLS handshake of an https connection this request opened: from the TCP connect's end to its body's first
    /// write. Inside TTFB and TTFT, shown apart; null for a reused connection or cleartext.
    /// </summary>
    public double? TlsMs { get; init; }

    /// <summary>
    /// HTTP/2 only: how long after the connection read that brought the first text event its reader got it, the
    /// handler's hand-off through the thread pool. TTFT is stamped at that read, as HTTP/1.1's is; this is the delay
    /// a client on the same stack adds before it can show the token. Null over HTTP/1.1, where the two are one read.
    /// </summary>
    public double? FirstTokenHandOffMs { get; init; }

    /// <summary>Whether this request opened a new connection (and so paid DNS, TCP and TLS set-up inside its TTFT).</summary>
    [JsonIgnore]
    public bool NewConnection => ConnectMs is not null;

    /// <summary>DNS + TCP connect + TLS handshake of the connection this request opened; null when it reused one.</summary>
    [JsonIgnore]
    public double? ConnectionSetupMs => ConnectMs is { } connect ? new ConnectionSetup(DnsMs ?? 0, connect, TlsMs).TotalMs : null;

    /// <summary>Request body fully written to the connection.</summary>
    public double? PromptSentMs { get; init; }

    /// <summary>Response headers received (TTFB).</summary>
    public double? HeadersMs { get; init; }

    /// <summary>First event carrying generated text, answer or reasoning (TTFT).</summary>
    public double? FirstTokenMs { get; init; }

    /// <summary>First event carrying answer text; reasoning does not count (TTFAT).</summary>
    public double? FirstAnswerTokenMs { get; init; }

    /// <summary>Last event carrying generated text (E2E latency).</summary>
    public double? LastTokenMs { get; init; }

    /// <summary>End of the response body, after any usage trailer.</summary>
    public double? StreamEndMs { get; init; }

    /// <summary>Arrival of every text-carrying event, in order; the first is <see cref="FirstTokenMs"/>.</summary>
    public double[] TextEventArrivalsMs { get; init; } = [];

    /// <summary>UTF-16 characters of generated text in the first text-carrying event.</summary>
    public int FirstEventChars { get; init; }

    /// <summary>UTF-16 characters of generated text in the whole response.</summary>
    public int GeneratedChars { get; init; }

    /// <summary>Tokens in the first text-carrying event: as the provider says, else counted with o200k_base on its text.</summary>
    public int? FirstEventTokens { get; init; }

    /// <summary>
    /// o200k_base tokens of all the generated text, counted when <see cref="FirstEventTokens"/> was too, so n_first can
    /// be scaled to the provider's own tokenizer; null when the provider gave n_first itself.
    /// </summary>
    public int? GeneratedTextTokens { get; init; }

    public TokenUsage? Usage { get; init; }

    public ServerTimings? ServerTimings { get; init; }

    /// <summary>Why the provider stopped, in its own words (<c>stop</c>, <c>length</c>, <c>end_turn</c>, <c>MAX_TOKENS</c>…).</summary>
    public string? FinishReason { get; init; }

    /// <summary>
    /// What the request cost at the price in force, in USD; where the price table has none, what the provider reported;
    /// null when neither is known.
    /// </summary>
    public decimal? CostUsd { get; init; }

    /// <summary>What the provider itself says the request cost (OpenRouter's <c>usage.cost</c>), beside our own figure.</summary>
    public decimal? ProviderCostUsd { get; init; }

    /// <summary>Null when the request succeeded.</summary>
    public FailureKind? Failure { get; init; }

    /// <summary>Attempts the request took: more than 1 when a 429, 5xx or failed connection was retried.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Time spent on failed attempts and retry waits before the last attempt's t0 — never part of any latency.</summary>
    public double? RetryWaitMs { get; init; }

    /// <summary>A conversation's turn, from 1 (its input holds the history of the turns before); null for a single request.</summary>
    public int? Turn { get; init; }

    /// <summary>A traffic shape's drawn input length (o200k_base tokens), beside the provider's own count in <see cref="Usage"/>.</summary>
    public int? AskedInputTokens { get; init; }

    /// <summary>A traffic shape's drawn output length, asked for exactly where the engine allows it; null otherwise.</summary>
    public int? AskedOutputTokens { get; init; }

    /// <summary>The request's task (<c>Embed</c>, <c>Vision</c>, <c>ToolCall</c>, <c>Json</c>); null for plain chat.</summary>
    public string? Task { get; init; }

    /// <summary>Embed: texts sent in the request (its batch size).</summary>
    public int? Inputs { get; init; }

    /// <summary>Embed: vectors returned.</summary>
    public int? Embeddings { get; init; }

    /// <summary>Embed: the length of every returned vector; null when they differed or none came back.</summary>
    public int? EmbeddingDimensions { get; init; }

    /// <summary>ToolCall: the first event that carried any part of a tool call (its name or its arguments), after t0.</summary>
    public double? FirstToolCallMs { get; init; }

    /// <summary>ToolCall: the last event that carried tool-call arguments — when they were complete — after t0.</summary>
    public double? ToolArgumentsDoneMs { get; init; }

    /// <summary>ToolCall: events that carried argument text; above 1 the arguments streamed in fragments, 1 they came whole.</summary>
    public int? ToolArgumentEvents { get; init; }

    /// <summary>ToolCall: the tool the model called (the first call, when it made several).</summary>
    public string? ToolName { get; init; }

    /// <summary>
    /// ToolCall, Json and Embed: whether the output was what the request asked for — arguments or answer valid against
    /// the schema, the defined tool called, one vector per input of one length. Null for chat, and for failed requests.
    /// </summary>
    public bool? OutputValid { get; init; }

    /// <summary>Why the output was not valid, in one sentence; null when it was.</summary>
    public string? OutputProblem { get; init; }

    /// <summary>Embed: inputs embedded per second of this request's latency.</summary>
    [JsonIgnore]
    public double? InputsPerSecond => Inputs is { } inputs && LastTokenMs is > 0 and var ms ? inputs / (ms / 1000) : null;

    /// <summary>Embed: input tokens per second of this request's latency.</summary>
    [JsonIgnore]
    public double? InputTokensPerSecond => Inputs is not null && Usage is { } usage && LastTokenMs is > 0 and var ms ? usage.InputTokens / (ms / 1000) : null;

    /// <summary>Whether the arguments streamed in more than one fragment; null when no tool call came.</summary>
    [JsonIgnore]
    public bool? ToolArgumentsStreamed => ToolArgumentEvents is { } events && events > 0 ? events > 1 : null;

    /// <summary>One sentence about the failure, never containing a key.</summary>
    public string? FailureMessage { get; init; }

    [JsonIgnore]
    public bool Succeeded => Failure is null;

    /// <summary>Load times above this are a model being loaded, not the warm engine's own housekeeping.</summary>
    public const double ColdStartLoadMs = 50;

    /// <summary>
    /// A local engine loaded the model for this request: its TTFT measures the load, so it is reported once as model
    /// load time and kept out of the TTFT statistics.
    /// </summary>
    [JsonIgnore]
    public bool IsColdStart => ServerTimings?.LoadMs > ColdStartLoadMs;

    /// <summary>
    /// Tokens attributed to the first text event (n_first). Exact when the provider said so. When the provider reported
    /// N_out: N_out × o200k(first event) / o200k(all text) — exact whenever its tokenizer is proportional to o200k,
    /// whatever the ratio. When N_out itself was counted with o200k: o200k(first event). Else N_out apportioned by the
    /// first event's share of the characters. Fast providers put many tokens in one chunk, so n_first is rarely 1.
    /// </summary>
    [JsonIgnore]
    public double? FirstEventTokenShare
    {
        get
        {
            if (FirstEventTokens is { } first && GeneratedTextTokens is { } all && all > 0 && Usage is { Source: UsageSource.Reported } reported)
                return reported.OutputTokens * (double)first / all;
            if (FirstEventTokens is { } exact)
                return exact;
            if (Usage is null || GeneratedChars == 0)
                return null;
            return Usage.OutputTokens * (double)FirstEventChars / GeneratedChars;
        }
    }

    /// <summary>
    /// Output speed in tokens/s: (N_out − n_first) / (t_last − t_first). Undefined (null, not infinite) when all
    /// text arrived in one event.
    /// </summary>
    [JsonIgnore]
    public double? OutputTokensPerSecond
    {
        get
        {
            if (Usage is null || FirstTokenMs is not { } first || LastTokenMs is not { } last || last <= first
                || FirstEventTokenShare is not { } firstTokens)
                return null;
            return (Usage.OutputTokens - firstTokens) / ((last - first) / 1000.0);
        }
    }

    /// <summary>Time per output token after the first: (E2E − TTFT) / (N_out − 1), as vLLM and genai-perf report it.</summary>
    [JsonIgnore]
    public double? TimePerOutputTokenMs =>
        Usage is { OutputTokens: > 1 } usage && FirstTokenMs is { } first && LastTokenMs is { } last
            ? (last - first) / (usage.OutputTokens - 1)
            : null;

    /// <summary>The provider stopped because max tokens ran out: a cut answer, counted in the reports (its speed still counts: the stream ran at its pace until the cap).</summary>
    [JsonIgnore]
    public bool IsTruncated => FinishReason is "length" or "max_tokens" or "MAX_TOKENS";

    /// <summary>Gaps between successive text-carrying events (inter-chunk latency), in milliseconds.</summary>
    public IEnumerable<double> InterEventGapsMs()
    {
        for (int i = 1; i < TextEventArrivalsMs.Length; i++)
            yield return TextEventArrivalsMs[i] - TextEventArrivalsMs[i - 1];
    }

    /// <summary>
    /// Tokens an event after the first carried, on average: (N_out − n_first) / (text events − 1). Events of fast
    /// providers carry several, so a per-event gap is several tokens' time; null with fewer than two text events.
    /// </summary>
    [JsonIgnore]
    public double? TokensPerLaterEvent =>
        TextEventArrivalsMs.Length > 1 && Usage is { } usage && FirstEventTokenShare is { } first && usage.OutputTokens - first > 0
            ? (usage.OutputTokens - first) / (TextEventArrivalsMs.Length - 1)
            : null;

    /// <summary>Each gap between text events divided by the tokens an event carried on average: inter-token latency.</summary>
    public IEnumerable<double> InterTokenGapsMs()
        => TokensPerLaterEvent is { } perEvent ? InterEventGapsMs().Select(gap => gap / perEvent) : [];

    /// <summary>The median of this request's inter-event gaps, the per-request ITL that compare and the charts use.</summary>
    [JsonIgnore]
    public double? InterEventGapMedianMs => TextEventArrivalsMs.Length > 1 ? Statistics.Distribution.Of(InterEventGapsMs()).P50 : null;

    /// <summary>
    /// The network's and the client's share of TTFT where the server reports its own queue and prompt time:
    /// TTFT − (queue + prompt).
    /// </summary>
    [JsonIgnore]
    public double? ClientOverheadMs =>
        FirstTokenMs is { } ttft && ServerTimings?.BeforeFirstTokenMs is { } server ? ttft - server : null;
}
