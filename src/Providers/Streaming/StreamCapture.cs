using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// What a wire-format adapter reports while it reads frames: text, usage, server timings, errors. Its timer keeps
/// the timestamps, so every adapter measures the same thing the same way. One instance serves one request at a time
/// and is reused, so steady-state reading allocates nothing.
/// </summary>
public sealed class StreamCapture : IDisposable
{
    private int _frameChars;
    // Where the answer begins in Text (reasoning comes first): -1 until answer text arrives.
    private int _answerStart = -1;
    private bool _frameHasAnswer;
    private IStreamState? _formatState;

    public StreamTimer Timer { get; } = new();

    public GeneratedText Text { get; } = new();

    /// <summary>The latest usage report. Replaced, never added: providers repeat it (Groq) or send running totals (Anthropic).</summary>
    public TokenUsage? Usage { get; private set; }

    public ServerTimings? ServerTimings { get; private set; }

    public int? FirstEventTokens { get; private set; }

    public decimal? ProviderCostUsd { get; private set; }

    public FailureKind? Failure { get; private set; }

    public string? FailureMessage { get; private set; }

    public string? FinishReason { get; private set; }

    /// <summary>Resets for a new request and takes a provisional t0.</summary>
    public void Begin()
    {
        _formatState?.Reset();
        Text.Clear();
        _answerStart = -1;
        Usage = null;
        ServerTimings = null;
        FirstEventTokens = null;
        ProviderCostUsd = null;
        Failure = null;
        FailureMessage = null;
        FinishReason = null;
        Timer.Restart();
    }

    /// <summary>
    /// What a wire format remembers within one response (e.g. whether it is inside inline think tags): made once per
    /// capture, reset with every request, so formats stay stateless singletons and reading stays allocation-free.
    /// </summary>
    public T StateOf<T>() where T : class, IStreamState, new() => _formatState as T ?? (T)(_formatState = new T());

    public void BeginFrame()
    {
        _frameChars = 0;
        _frameHasAnswer = false;
    }

    /// <summary>Closes a frame: if it carried any text it becomes one text event, stamped with <paramref name="arrival"/>.</summary>
    /// <param name="arrival">When the read that delivered the frame's last byte completed.</param>
    public void EndFrame(long arrival)
    {
        if (_frameChars > 0)
            Timer.MarkTextEvent(arrival, _frameChars, _frameHasAnswer);
    }

    /// <summary>Reads the JSON string under the reader as generated text; an empty string is not text.</summary>
    public void OnText(TextKind kind, ref Utf8JsonReader reader) => CountText(kind, AppendText(ref reader).Length);

    /// <summary>Generated text already decoded by the adapter.</summary>
    public void OnText(TextKind kind, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return;
        text.CopyTo(Text.GetSpan(text.Length));
        Text.Advance(text.Length);
        CountText(kind, text.Length);
    }

    /// <summary>
    /// Keeps the JSON string under the reader as generated text and returns it, for a format that must look at the
    /// text before it knows its kind; it counts once <see cref="CountText"/> is called.
    /// </summary>
    public ReadOnlySpan<char> AppendText(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
            return default;
        int maxChars = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (maxChars == 0)
            return default;
        int written = reader.CopyString(Text.GetSpan(maxChars));
        Text.Advance(written);
        return Text.Span[^written..];
    }

    /// <summary>Counts <paramref name="chars"/> characters of the current frame as generated text of <paramref name="kind"/>.</summary>
    public void CountText(TextKind kind, int chars)
    {
        if (chars == 0)
            return;
        _frameChars += chars;
        _frameHasAnswer |= kind == TextKind.Answer;
        if (kind == TextKind.Answer && _answerStart < 0)
            _answerStart = Math.Max(0, Text.Length - chars);
    }

    /// <summary>The answer's text, reasoning left out: what a conversation's next turn carries as the assistant's message.</summary>
    public string AnswerText() => _answerStart < 0 ? "" : new string(Text.Span[_answerStart..]);

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
        Timer.Dispose();
        Text.Dispose();
    }
}
