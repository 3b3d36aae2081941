using System.Globalization;
using SpeedKings.Bench.Loopback.Emission;

namespace SpeedKings.Bench.Loopback;

/// <summary>
/// When the server emits tokens: the first text chunk is due <see cref="TimeToFirstToken"/> after the request arrived,
/// then chunks of <see cref="TokensPerChunk"/> tokens follow at <see cref="TokensPerSecond"/>. Chunk j (0-based) is due
/// at received + TTFT + (tokens before chunk j) / rate, which is j × chunk / rate for every full chunk; a short last
/// chunk is due only its own tokens' worth after the previous one, so the client's (N − n_first) / (t_last − t_first)
/// comes out at exactly the configured rate. Jitter scales the TTFT and each gap by (1 + U(−jitter, +jitter)) drawn from
/// a Random seeded with <see cref="Seed"/> plus the request's sequence number, so a run is reproducible.
/// </summary>
public sealed record EmissionSchedule
{
    public TimeSpan TimeToFirstToken { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Rate between text chunks after the first, in tokens per second.</summary>
    public double TokensPerSecond { get; init; } = 500;

    public int TokensPerChunk { get; init; } = 4;

    /// <summary>
    /// Tokens to generate, still cut at the request's max tokens. Null: generate exactly the request's
    /// <c>max_completion_tokens</c> ?? <c>max_tokens</c> ?? 256.
    /// </summary>
    public int? OutputTokens { get; init; }

    /// <summary>0 (none) up to, not including, 1: each gap and the TTFT are scaled by (1 + U(−Jitter, +Jitter)).</summary>
    public double Jitter { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Tokens of a reasoning phase emitted before the answer, in the format's reasoning field. They are part of the
    /// output length (as reasoning counts against max_completion_tokens), so the answer gets the rest. 0: no reasoning.
    /// </summary>
    public int ReasoningTokens { get; init; }

    /// <summary>
    /// A simulated model load paid once by the first request of each model name on a local engine's route (Ollama),
    /// before its first token, and reported there as load_duration. Zero: models are already loaded.
    /// </summary>
    public TimeSpan ModelLoad { get; init; }

    /// <summary>
    /// Prompt tokens read per second before the first token (prefill), as an engine pays for a long context: the
    /// first token waits prompt tokens / this rate on top of TTFT. Null: prompt length does not change TTFT.
    /// </summary>
    public double? PrefillTokensPerSecond { get; init; }

    /// <summary>The length of every vector the embedding routes return.</summary>
    public int EmbeddingDimensions { get; init; } = 256;

    /// <summary>
    /// Every Nth tool call or structured answer (by request number) breaks its schema — a required property left out —
    /// so a client's validity count can be checked against the ground truth; 0 for never.
    /// </summary>
    public int InvalidEvery { get; init; }

    /// <summary>The prefill wait of a prompt of <paramref name="promptTokens"/> tokens.</summary>
    public TimeSpan PrefillTime(int promptTokens)
        => PrefillTokensPerSecond is { } rate ? TimeSpan.FromSeconds(promptTokens / rate) : TimeSpan.Zero;

    /// <summary>One human line, e.g. <c>TTFT 20 ms, 500 tok/s, 4 tok/chunk, jitter 0 %, length = max_tokens</c>.</summary>
    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        string jitter = Jitter == 0
            ? "jitter 0 %"
            : string.Format(culture, "jitter {0:0.#} % (seed {1})", Jitter * 100, Seed);
        string length = OutputTokens is { } tokens
            ? string.Format(culture, "length = {0} tokens", tokens)
            : "length = max_tokens";
        string text = string.Format(
            culture,
            "TTFT {0:0.###} ms, {1:0.###} tok/s, {2} tok/chunk, {3}, {4}",
            TimeToFirstToken.TotalMilliseconds, TokensPerSecond, TokensPerChunk, jitter, length);
        if (ReasoningTokens > 0)
            text += string.Format(culture, ", {0} reasoning tokens first", ReasoningTokens);
        if (ModelLoad > TimeSpan.Zero)
            text += string.Format(culture, ", model load {0:0.###} ms", ModelLoad.TotalMilliseconds);
        if (PrefillTokensPerSecond is { } prefill)
            text += string.Format(culture, ", prefill {0:0.###} tok/s", prefill);
        if (InvalidEvery > 0)
            text += string.Format(culture, ", every {0}th structured output invalid", InvalidEvery);
        return text;
    }

    /// <summary>The same schedule in <see cref="Parse(string)"/> syntax, for the <c>x-loopback-schedule</c> header.</summary>
    /// <remarks>The reasoning and load settings appear only when set, so specs of plain schedules read as before.</remarks>
    public string ToSpec()
    {
        var culture = CultureInfo.InvariantCulture;
        string spec = string.Format(
            culture,
            "ttft={0:0.######}ms;tps={1:R};chunk={2};tokens={3};jitter={4:R};seed={5}",
            TimeToFirstToken.TotalMilliseconds,
            TokensPerSecond,
            TokensPerChunk,
            OutputTokens is { } tokens ? tokens.ToString(culture) : "max",
            Jitter,
            Seed);
        if (ReasoningTokens > 0)
            spec += string.Format(culture, ";reasoning={0}", ReasoningTokens);
        if (ModelLoad > TimeSpan.Zero)
            spec += string.Format(culture, ";load={0:0.######}ms", ModelLoad.TotalMilliseconds);
        if (PrefillTokensPerSecond is { } prefill)
            spec += string.Format(culture, ";prefill={0:R}", prefill);
        if (EmbeddingDimensions != 256)
            spec += string.Format(culture, ";dims={0}", EmbeddingDimensions);
        if (InvalidEvery > 0)
            spec += string.Format(culture, ";invalid={0}", InvalidEvery);
        return spec;
    }

    /// <summary>
    /// Reads <c>ttft=50ms;tps=200;chunk=1;tokens=64;jitter=0.1;seed=7;reasoning=16;load=500ms</c>: any subset, any order, over the defaults.
    /// See <see cref="Parse(string, EmissionSchedule)"/> for the syntax of each value.
    /// </summary>
    /// <exception cref="FormatException">The spec is malformed or describes an invalid schedule.</exception>
    public static EmissionSchedule Parse(string spec) => Parse(spec, new EmissionSchedule());

    /// <summary>
    /// Reads a spec over <paramref name="defaults"/>: settings the spec leaves out keep their value from there (this is
    /// how a per-request <c>x-loopback-schedule</c> header merges over the server's schedule). Values: <c>ttft</c> a
    /// duration with unit <c>ms</c>, <c>s</c> or <c>us</c> (bare numbers are milliseconds); <c>tps</c> a number;
    /// <c>chunk</c>, <c>seed</c> integers; <c>tokens</c> an integer or <c>max</c> (follow the request's max tokens);
    /// <c>jitter</c> a fraction (<c>0.1</c>) or a percentage (<c>10%</c>); <c>reasoning</c> an integer; <c>load</c> a
    /// duration like <c>ttft</c>; <c>prefill</c> prompt tokens per second; <c>dims</c> the embedding length;
    /// <c>invalid</c> N for every Nth tool call or JSON answer to break its schema.
    /// </summary>
    /// <exception cref="FormatException">The spec is malformed or describes an invalid schedule.</exception>
    public static EmissionSchedule Parse(string spec, EmissionSchedule defaults)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(defaults);
        return EmissionScheduleParser.Parse(spec, defaults);
    }

    /// <summary>Throws <see cref="ArgumentException"/> with one sentence when the schedule cannot be served.</summary>
    public void Validate()
    {
        if (ValidationError() is { } error)
            throw new ArgumentException(error);
    }

    /// <summary>The one-sentence reason the schedule cannot be served, or null when it can.</summary>
    internal string? ValidationError()
    {
        var culture = CultureInfo.InvariantCulture;
        if (TimeToFirstToken < TimeSpan.Zero)
            return string.Format(culture, "The time to first token must not be negative (got {0:0.###} ms).", TimeToFirstToken.TotalMilliseconds);
        if (!double.IsFinite(TokensPerSecond) || TokensPerSecond <= 0)
            return string.Format(culture, "The token rate must be a positive number of tokens per second (got {0}).", TokensPerSecond);
        if (TokensPerChunk < 1)
            return string.Format(culture, "Tokens per chunk must be at least 1 (got {0}).", TokensPerChunk);
        if (OutputTokens is < 1 or > OutputLength.MostTokens)
            return string.Format(culture, "The output length must be from 1 to {0} tokens (got {1}).", OutputLength.MostTokens, OutputTokens);
        if (ReasoningTokens is < 0 or > OutputLength.MostTokens)
            return string.Format(culture, "Reasoning tokens must be from 0 to {0} (got {1}).", OutputLength.MostTokens, ReasoningTokens);
        if (ModelLoad < TimeSpan.Zero)
            return string.Format(culture, "The model load time must not be negative (got {0:0.###} ms).", ModelLoad.TotalMilliseconds);
        if (PrefillTokensPerSecond is { } prefill && (!double.IsFinite(prefill) || prefill <= 0))
            return string.Format(culture, "The prefill rate must be a positive number of prompt tokens per second (got {0}).", prefill);
        if (EmbeddingDimensions is < 1 or > 8192)
            return string.Format(culture, "Embedding dimensions must be from 1 to 8192 (got {0}).", EmbeddingDimensions);
        if (InvalidEvery < 0)
            return string.Format(culture, "'invalid' must be 0 (never) or a positive request interval (got {0}).", InvalidEvery);
        if (!(Jitter >= 0 && Jitter < 1))
            return string.Format(culture, "Jitter must be at least 0 and below 1 (got {0}).", Jitter);
        return null;
    }
}
