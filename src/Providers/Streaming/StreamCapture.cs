using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// What a wire-format adapter reports while it reads frames: text, usage, server timings, errors. It owns the
/// timestamps, so every adapter measures the same thing the same way. One instance serves one request at a time
/// and is reused, so steady-state reading allocates nothing.
/// </summary>
public sealed class StreamCapture : IDisposable
{
    private TimestampingStream? _stream;
    private int _frameChars;
    private bool _frameHasAnswer;
    private InlineThinking _thinking;

    /// <summary>Where a response stands with reasoning written inline in its answer text, between think tags.</summary>
    private enum InlineThinking
    {
        Undecided,
        Inside,
        Closed,
        None,
    }

    public TimingRecorder Timings { get; } = new();

    public GeneratedText Text { get; } = new();

    /// <summary>The latest usage report. Replaced, never added: providers repeat it (Groq) or send running totals (Anthropic).</summary>
    public TokenUsage? Usage { get; private set; }

    public ServerTimings? ServerTimings { get; private set; }

    public int? FirstEventTokens { get; private set; }

    public decimal? ProviderCostUsd { get; private set; }

    public FailureKind? Failure { get; private set; }

    public string? FailureMessage { get; private set; }

    public string? FinishReason { get; private set; }

    /// <summary>Resets for a new request and takes t0.</summary>
    public void Begin()
    {
        _stream = null;
        Text.Clear();
        Usage = null;
        ServerTimings = null;
        FirstEventTokens = null;
        ProviderCostUsd = null;
        Failure = null;
        FailureMessage = null;
        FinishReason = null;
        _thinking = InlineThinking.Undecided;
        Timings.Restart();
    }

    public void Attach(TimestampingStream stream) => _stream = stream;

    public void BeginFrame()
    {
        _frameChars = 0;
        _frameHasAnswer = false;
    }

    /// <summary>Closes a frame: if it carried any text it becomes one text event, stamped with its arrival.</summary>
    public void EndFrame()
    {
        if (_frameChars > 0)
            Timings.MarkTextEvent(_stream?.LastReadTimestamp ?? System.Diagnostics.Stopwatch.GetTimestamp(), _frameChars, _frameHasAnswer);
    }

    /// <summary>Reads the JSON string under the reader as generated text; an empty string is not text.</summary>
    public void OnText(TextKind kind, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
            return;
        int maxChars = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (maxChars == 0)
            return;
        int written = reader.CopyString(Text.GetSpan(maxChars));
        Text.Advance(written);
        AddText(kind, written);
    }

    /// <summary>Generated text already decoded by the adapter.</summary>
    public void OnText(TextKind kind, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return;
        text.CopyTo(Text.GetSpan(text.Length));
        Text.Advance(text.Length);
        AddText(kind, text.Length);
    }

    public void OnUsage(TokenUsage usage) => Usage = usage;

    public void OnServerTimings(ServerTimings timings) => ServerTimings = timings;

    public void OnFirstEventTokens(int tokens) => FirstEventTokens ??= tokens;

    public void OnProviderCost(decimal usd) => ProviderCostUsd = usd;

    public void OnFinish(string reason) => FinishReason = reason;

    /// <summary>The first failure wins: later ones are usually consequences of it.</summary>
    public void OnFailure(FailureKind kind, string message)
    {
        if (Failure is not null)
            return;
        Failure = kind;
        FailureMessage = message;
    }

    public void Dispose()
    {
        Timings.Dispose();
        Text.Dispose();
    }

    private void AddText(TextKind kind, int chars)
    {
        if (chars == 0)
            return;
        _frameChars += chars;
        if (kind == TextKind.Answer && _thinking is not InlineThinking.None and not InlineThinking.Closed)
            kind = InlineKind(Text.Span[^chars..]);
        _frameHasAnswer |= kind == TextKind.Answer;
    }

    /// <summary>
    /// Some reasoning models served as plain chat (DeepSeek-R1 on Together or SambaNova) write their reasoning into
    /// the answer between <c>&lt;think&gt;</c> and <c>&lt;/think&gt;</c>. An answer that opens with the tag is reasoning
    /// until the closing tag, so TTFAT waits for the first text after it; the text itself is kept as sent. A tag split
    /// across two events is not recognised.
    /// </summary>
    private TextKind InlineKind(ReadOnlySpan<char> text)
    {
        if (_thinking == InlineThinking.Undecided)
        {
            if (!text.TrimStart().StartsWith("<think>", StringComparison.Ordinal))
            {
                _thinking = InlineThinking.None;
                return TextKind.Answer;
            }

            _thinking = InlineThinking.Inside;
        }

        int close = text.IndexOf("</think>", StringComparison.Ordinal);
        if (close < 0)
            return TextKind.Reasoning;
        _thinking = InlineThinking.Closed;
        return text[(close + "</think>".Length)..].IsWhiteSpace() ? TextKind.Reasoning : TextKind.Answer;
    }
}
