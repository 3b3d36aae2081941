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
    // Where the answer's last text ends: a tool call's arguments after it are not part of it.
    private int _answerEnd;
    private bool _frameHasAnswer;
    private bool _frameHasTool;
    private bool _frameHasOutput;
    private bool _toolArgumentsInFrame;
    private readonly List<ToolCallText> _toolCalls = [];
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

    /// <summary>The tool calls of the response, in the order they began; empty when it called none.</summary>
    public IReadOnlyList<ToolCallText> ToolCalls => _toolCalls;

    /// <summary>An embedding response's vectors, and their dimensions (null when they differ from one vector to another).</summary>
    public (int Count, int? Dimensions)? Embeddings { get; private set; }

    /// <summary>Resets for a new request and takes a provisional t0.</summary>
    public void Begin()
    {
        _formatState?.Reset();
        Text.Clear();
        _answerStart = -1;
        _answerEnd = 0;
        Usage = null;
        ServerTimings = null;
        FirstEventTokens = null;
        ProviderCostUsd = null;
        Failure = null;
        FailureMessage = null;
        FinishReason = null;
        _toolCalls.Clear();
        Embeddings = null;
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
        _frameHasAnswer = _frameHasTool = _frameHasOutput = _toolArgumentsInFrame = false;
    }

    /// <summary>Closes a frame: if it carried any text it becomes one text event, stamped with <paramref name="arrival"/>.</summary>
    /// <param name="arrival">When the read that delivered the frame's last byte completed.</param>
    /// <param name="delivered">When the reader got that byte, if later (HTTP/2's hand-off); 0 for at arrival.</param>
    public void EndFrame(long arrival, long delivered = 0)
    {
        if (_frameChars > 0 || _frameHasOutput)
            Timer.MarkTextEvent(arrival, _frameChars, _frameHasAnswer || _frameHasOutput, delivered);
        if (_frameHasTool)
            Timer.MarkToolEvent(arrival, _toolArgumentsInFrame);
        _toolArgumentsInFrame = false;
    }

    /// <summary>
    /// Part of tool call <paramref name="index"/> (the format's own numbering): its name when this frame names it, and
    /// the JSON string under the reader, if any, as a fragment of its arguments — generated text like an answer's.
    /// </summary>
    public void OnToolCall(int index, string? name, ref Utf8JsonReader arguments)
    {
        ToolCallText call = ToolCall(index, name);
        int before = Text.Length;
        ReadOnlySpan<char> fragment = AppendText(ref arguments);
        AddArguments(call, fragment, before);
    }

    /// <summary>Part of a tool call whose arguments the format already has as text (a whole call at once, as Gemini sends it).</summary>
    public void OnToolCall(int index, string? name, ReadOnlySpan<char> arguments)
    {
        ToolCallText call = ToolCall(index, name);
        int before = Text.Length;
        arguments.CopyTo(Text.GetSpan(arguments.Length));
        Text.Advance(arguments.Length);
        AddArguments(call, arguments, before);
    }

    /// <summary>A whole embedding response: <paramref name="count"/> vectors of <paramref name="dimensions"/> values (null when they differ).</summary>
    public void OnEmbeddings(int count, int? dimensions)
    {
        Embeddings = (count, dimensions);
        _frameHasOutput = count > 0;
    }

    private ToolCallText ToolCall(int index, string? name)
    {
        _frameHasTool = true;
        ToolCallText? call = _toolCalls.Find(c => c.Index == index);
        if (call is null)
        {
            call = new ToolCallText(index);
            _toolCalls.Add(call);
        }

        if (!string.IsNullOrEmpty(name))
            call.Name = name;
        return call;
    }

    private void AddArguments(ToolCallText call, ReadOnlySpan<char> fragment, int start)
    {
        if (fragment.IsEmpty)
            return;
        call.Arguments.Append(fragment);
        call.Fragments++;
        _toolArgumentsInFrame = true;
        CountText(TextKind.ToolArguments, Text.Length - start);
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

    /// <summary>
    /// Keeps text that needs no unescaping — the inside of a JSON string literal without a backslash — as generated text
    /// and returns it, transcoded straight from its UTF-8; false, keeping nothing, when the bytes are not valid UTF-8,
    /// which the JSON reader would refuse too. It counts once <see cref="CountText"/> is called.
    /// </summary>
    public bool TryAppendUtf8(ReadOnlySpan<byte> utf8, out ReadOnlySpan<char> text)
    {
        text = default;
        if (System.Text.Unicode.Utf8.ToUtf16(utf8, Text.GetSpan(utf8.Length), out _, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
            return false;
        Text.Advance(written);
        text = Text.Span[^written..];
        return true;
    }

    /// <summary>Counts <paramref name="chars"/> characters of the current frame as generated text of <paramref name="kind"/>.</summary>
    public void CountText(TextKind kind, int chars)
    {
        if (chars == 0)
            return;
        _frameChars += chars;
        _frameHasAnswer |= kind == TextKind.Answer;
        if (kind != TextKind.Answer)
            return;
        if (_answerStart < 0)
            _answerStart = Math.Max(0, Text.Length - chars);
        _answerEnd = Text.Length;
    }

    /// <summary>
    /// The answer's text, from its first character to its last, reasoning and tool-call arguments after it left out:
    /// what a conversation's next turn carries as the assistant's message, and what a JSON answer is checked as.
    /// </summary>
    public string AnswerText() => _answerStart < 0 ? "" : new string(Text.Span[_answerStart.._answerEnd]);

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

/// <summary>One tool call as it streamed: the tool's name and its arguments' JSON text, joined from every fragment.</summary>
public sealed class ToolCallText(int index)
{
    public int Index { get; } = index;

    public string? Name { get; internal set; }

    public System.Text.StringBuilder Arguments { get; } = new();

    /// <summary>Frames that carried a piece of the arguments.</summary>
    public int Fragments { get; internal set; }
}
