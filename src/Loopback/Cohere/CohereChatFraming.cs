using System.Buffers;
using System.Text.Json;
using SpeedKings.Bench.Loopback.Emission;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Cohere;

/// <summary>
/// Cohere v2's named events: <c>message-start</c>, then per content block <c>content-start</c>, <c>content-delta</c>s
/// and <c>content-end</c> (a thinking block while reasoning, a text block for the answer), then <c>message-end</c> with
/// the finish reason and usage as billed units and as tokens.
/// </summary>
internal sealed class CohereChatFraming(ResponseShape shape) : ICompletionFraming
{
    private readonly JsonFrameWriter _writer = new();
    private readonly JsonEncodedText _id = WireJson.Encode("co-" + shape.RequestId);
    private int _openBlock = -1;
    private bool _openBlockIsThinking;

    public string StreamContentType => "text/event-stream";

    public ServerReport Report { get; } = new();

    public void WriteStreamOpening(IBufferWriter<byte> output)
    {
        Utf8JsonWriter json = _writer.BeginEvent(output, "message-start"u8);
        json.WriteStartObject();
        json.WriteString("id"u8, _id);
        json.WriteString("type"u8, "message-start"u8);
        json.WriteStartObject("delta"u8);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteStartArray("content"u8);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    public void WriteStreamText(IBufferWriter<byte> output, in PlannedChunk chunk, ReadOnlySpan<byte> utf8Text)
    {
        if (shape.ToolName is not null)
        {
            WriteToolCall(output, utf8Text);
            return;
        }

        ReadOnlySpan<byte> field = chunk.Reasoning ? "thinking"u8 : "text"u8;
        if (_openBlock < 0 || _openBlockIsThinking != chunk.Reasoning)
        {
            CloseBlock(output);
            _openBlock++;
            _openBlockIsThinking = chunk.Reasoning;
            Utf8JsonWriter start = BeginBlockEvent(output, "content-start"u8);
            start.WriteStartObject("delta"u8);
            start.WriteStartObject("message"u8);
            start.WriteStartObject("content"u8);
            start.WriteString("type"u8, field);
            start.WriteString(field, ""u8);
            start.WriteEndObject();
            start.WriteEndObject();
            start.WriteEndObject();
            start.WriteEndObject();
            JsonFrameWriter.EndEvent(start, output);
        }

        Utf8JsonWriter json = BeginBlockEvent(output, "content-delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteStartObject("message"u8);
        json.WriteStartObject("content"u8);
        json.WriteString(field, utf8Text);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    /// <summary>
    /// Cohere v2: <c>tool-call-start</c> names the call (and carries the arguments' first fragment), then one
    /// <c>tool-call-delta</c> per fragment, <c>tool-call-end</c> when closing; <c>delta.message.tool_calls</c> is an object.
    /// </summary>
    private void WriteToolCall(IBufferWriter<byte> output, ReadOnlySpan<byte> arguments)
    {
        bool first = _openBlock < 0;
        _openBlock = 0;
        Utf8JsonWriter json = BeginBlockEvent(output, first ? "tool-call-start"u8 : "tool-call-delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteStartObject("message"u8);
        json.WriteStartObject("tool_calls"u8);
        if (first)
        {
            json.WriteString("id"u8, "call_" + shape.RequestId);
            json.WriteString("type"u8, "function"u8);
        }

        json.WriteStartObject("function"u8);
        if (first)
            json.WriteString("name"u8, shape.ToolName);
        json.WriteString("arguments"u8, arguments);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    public void WriteStreamClosing(IBufferWriter<byte> output, in CompletionOutcome outcome)
    {
        CloseBlock(output);
        Utf8JsonWriter json = _writer.BeginEvent(output, "message-end"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message-end"u8);
        json.WriteStartObject("delta"u8);
        json.WriteString("finish_reason"u8, FinishReason);
        WriteUsage(json);
        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    public void WriteWholeResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> reasoningText, ReadOnlySpan<byte> answerText, in CompletionOutcome outcome)
    {
        Utf8JsonWriter json = _writer.Begin(output);
        json.WriteStartObject();
        json.WriteString("id"u8, _id);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteStartArray("content"u8);
        if (!reasoningText.IsEmpty)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "thinking"u8);
            json.WriteString("thinking"u8, reasoningText);
            json.WriteEndObject();
        }

        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, answerText);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteString("finish_reason"u8, FinishReason);
        WriteUsage(json);
        json.WriteEndObject();
        json.Flush();
    }

    private ReadOnlySpan<byte> FinishReason => shape.CutByMaxTokens ? "MAX_TOKENS"u8 : shape.ToolName is not null ? "TOOL_CALL"u8 : "COMPLETE"u8;

    private Utf8JsonWriter BeginBlockEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> type)
    {
        Utf8JsonWriter json = _writer.BeginEvent(output, type);
        json.WriteStartObject();
        json.WriteString("type"u8, type);
        json.WriteNumber("index"u8, _openBlock);
        return json;
    }

    private void CloseBlock(IBufferWriter<byte> output)
    {
        if (_openBlock < 0)
            return;
        Utf8JsonWriter json = BeginBlockEvent(output, shape.ToolName is null ? "content-end"u8 : "tool-call-end"u8);
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    private void WriteCounts(Utf8JsonWriter json, ReadOnlySpan<byte> name)
    {
        json.WriteStartObject(name);
        json.WriteNumber("input_tokens"u8, shape.PromptTokens);
        json.WriteNumber("output_tokens"u8, shape.OutputTokens);
        json.WriteEndObject();
    }

    /// <summary>Billed units and tokens: the same counts here, since the loopback bills exactly what it generates.</summary>
    private void WriteUsage(Utf8JsonWriter json)
    {
        json.WriteStartObject("usage"u8);
        WriteCounts(json, "billed_units"u8);
        WriteCounts(json, "tokens"u8);
        json.WriteEndObject();
        Report.Usage = new ReportedUsage(shape.PromptTokens, shape.OutputTokens, CachedPromptTokens: null, ReasoningTokens: null);
    }
}
