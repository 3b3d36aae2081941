using System.Buffers;
using System.Text.Json;
using SpeedKings.Bench.Loopback.Emission;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// OpenAI chat completions on the wire, in one provider's <see cref="OpenAiDialect"/>: SSE <c>data:</c> frames of
/// <c>chat.completion.chunk</c> objects, or one <c>chat.completion</c> object. Per request: the id, model and created
/// time are encoded once and one JSON writer is reset onto each frame, so a text chunk costs no allocation.
/// </summary>
internal sealed class OpenAiChatFraming : ICompletionFraming
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Object = JsonEncodedText.Encode("object");
    private static readonly JsonEncodedText ChunkObject = JsonEncodedText.Encode("chat.completion.chunk");
    private static readonly JsonEncodedText CompletionObject = JsonEncodedText.Encode("chat.completion");
    private static readonly JsonEncodedText Created = JsonEncodedText.Encode("created");
    private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText Choices = JsonEncodedText.Encode("choices");
    private static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText Delta = JsonEncodedText.Encode("delta");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText Assistant = JsonEncodedText.Encode("assistant");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText FinishReason = JsonEncodedText.Encode("finish_reason");
    private static readonly JsonEncodedText Stop = JsonEncodedText.Encode("stop");
    private static readonly JsonEncodedText Length = JsonEncodedText.Encode("length");
    private static readonly JsonEncodedText ToolCalls = JsonEncodedText.Encode("tool_calls");
    private static readonly JsonEncodedText XGroq = JsonEncodedText.Encode("x_groq");

    private readonly OpenAiDialect _dialect;
    private readonly ResponseShape _shape;
    private readonly byte[]? _waitingComment;
    private readonly JsonEncodedText _responseId;
    private readonly JsonEncodedText _model;
    private readonly JsonEncodedText _reasoningField;
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private Utf8JsonWriter? _json;
    private bool _toolCallNamed;

    public OpenAiChatFraming(in ResponseShape shape, OpenAiDialect dialect, byte[]? waitingComment)
    {
        _shape = shape;
        _dialect = dialect;
        _waitingComment = waitingComment;
        _responseId = WireJson.Encode("chatcmpl-" + shape.RequestId);
        _model = WireJson.Encode(shape.Model);
        _reasoningField = JsonEncodedText.Encode(dialect.ReasoningField ?? "reasoning");
    }

    public string StreamContentType => "text/event-stream";

    public bool ExposesReasoning => _dialect.ReasoningField is not null;

    public TimeSpan WaitingCommentInterval
        => _waitingComment is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(_dialect.WaitingCommentIntervalMs);

    public ServerReport Report { get; } = new();

    public void WriteStreamOpening(IBufferWriter<byte> output)
    {
        // Role only, empty content: carries no text, so it must not start a client's TTFT.
        Utf8JsonWriter json = BeginEvent(output);
        BeginChunk(json);
        json.WriteStartObject(Delta);
        json.WriteString(Role, Assistant);
        json.WriteString(Content, ""u8);
        json.WriteEndObject();
        json.WriteNull(FinishReason);
        EndChunk(json, output);
    }

    public void WriteWaitingComment(IBufferWriter<byte> output) => output.Write(_waitingComment);

    public void WriteStreamText(IBufferWriter<byte> output, in PlannedChunk chunk, ReadOnlySpan<byte> utf8Text)
    {
        Utf8JsonWriter json = BeginEvent(output);
        BeginChunk(json);
        json.WriteStartObject(Delta);
        if (_shape.ToolName is not null)
            WriteToolCallDelta(json, utf8Text);
        else
            json.WriteString(chunk.Reasoning ? _reasoningField : Content, utf8Text);
        json.WriteEndObject();
        json.WriteNull(FinishReason);
        EndChunk(json, output);
    }

    /// <summary>
    /// <c>tool_calls: [{index: 0, …, function: {…, arguments}}]</c>: the first delta carries the call's id, type and
    /// name beside the first fragment of its arguments; later ones only their fragment.
    /// </summary>
    private void WriteToolCallDelta(Utf8JsonWriter json, ReadOnlySpan<byte> arguments)
    {
        json.WriteStartArray("tool_calls"u8);
        json.WriteStartObject();
        json.WriteNumber(Index, 0);
        bool first = !_toolCallNamed;
        if (first)
        {
            json.WriteString(Id, "call_" + _shape.RequestId);
            json.WriteString("type"u8, "function"u8);
            _toolCallNamed = true;
        }

        json.WriteStartObject("function"u8);
        if (first)
            json.WriteString("name"u8, _shape.ToolName);
        json.WriteString("arguments"u8, arguments);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    public void WriteStreamClosing(IBufferWriter<byte> output, in CompletionOutcome outcome)
    {
        var usage = new OpenAiUsageWriter(_dialect, _shape, outcome, Report);
        bool trailer = _dialect.UsageTrailer == UsageTrailer.Always
            || (_dialect.UsageTrailer == UsageTrailer.WhenRequested && _shape.IncludeUsage);
        // Objects of timings beside the usage go with the first usage written, or on the finish chunk if none is.
        bool timingsOnFinish = _dialect.FinishChunkUsage != FinishChunkUsage.None || !trailer;

        Utf8JsonWriter json = BeginEvent(output);
        WriteHeader(json, ChunkObject);
        json.WriteStartArray(Choices);
        json.WriteStartObject();
        json.WriteNumber(Index, 0);
        json.WriteStartObject(Delta);
        json.WriteEndObject();
        json.WriteString(FinishReason, _shape.CutByMaxTokens ? Length : _shape.ToolName is not null ? ToolCalls : Stop);
        json.WriteEndObject();
        json.WriteEndArray();
        switch (_dialect.FinishChunkUsage)
        {
            case FinishChunkUsage.Usage:
                usage.WriteUsage(json, "usage");
                break;
            case FinishChunkUsage.XGroq:
                json.WriteStartObject(XGroq);
                json.WriteString(Id, _responseId);
                usage.WriteUsage(json, "x_groq.usage");
                json.WriteEndObject();
                break;
        }

        if (timingsOnFinish)
            usage.WriteTimingObject(json);
        json.WriteEndObject();
        EndEvent(json, output);

        if (trailer)
        {
            json = BeginEvent(output);
            WriteHeader(json, ChunkObject);
            json.WriteStartArray(Choices);
            json.WriteEndArray();
            usage.WriteUsage(json, "usage");
            if (!timingsOnFinish)
                usage.WriteTimingObject(json);
            json.WriteEndObject();
            EndEvent(json, output);
        }

        if (_dialect.DoneMarker)
            output.Write("data: [DONE]\n\n"u8);
    }

    public void WriteWholeResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> reasoningText, ReadOnlySpan<byte> answerText, in CompletionOutcome outcome)
    {
        var usage = new OpenAiUsageWriter(_dialect, _shape, outcome, Report);
        Utf8JsonWriter json = Writer(output);
        WriteHeader(json, CompletionObject);
        json.WriteStartArray(Choices);
        json.WriteStartObject();
        json.WriteNumber(Index, 0);
        json.WriteStartObject(Message);
        json.WriteString(Role, Assistant);
        json.WriteString(Content, answerText);
        if (ExposesReasoning && !reasoningText.IsEmpty)
            json.WriteString(_reasoningField, reasoningText);
        json.WriteEndObject();
        json.WriteString(FinishReason, _shape.CutByMaxTokens ? Length : Stop);
        json.WriteEndObject();
        json.WriteEndArray();
        // A whole response always carries usage; Groq then puts its timings in it rather than in x_groq.
        usage.WriteUsage(json, "usage");
        usage.WriteTimingObject(json);
        json.WriteEndObject();
        json.Flush();
    }

    private Utf8JsonWriter Writer(IBufferWriter<byte> output)
    {
        if (_json is null)
            _json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        else
            _json.Reset(output);
        return _json;
    }

    private Utf8JsonWriter BeginEvent(IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        return Writer(output);
    }

    private static void EndEvent(Utf8JsonWriter json, IBufferWriter<byte> output)
    {
        json.Flush();
        output.Write("\n\n"u8);
    }

    /// <summary>Opens a chunk object up to the inside of its single choice.</summary>
    private void BeginChunk(Utf8JsonWriter json)
    {
        WriteHeader(json, ChunkObject);
        json.WriteStartArray(Choices);
        json.WriteStartObject();
        json.WriteNumber(Index, 0);
    }

    private static void EndChunk(Utf8JsonWriter json, IBufferWriter<byte> output)
    {
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        EndEvent(json, output);
    }

    private void WriteHeader(Utf8JsonWriter json, JsonEncodedText objectType)
    {
        json.WriteStartObject();
        json.WriteString(Id, _responseId);
        json.WriteString(Object, objectType);
        json.WriteNumber(Created, _created);
        json.WriteString(Model, _model);
    }
}
