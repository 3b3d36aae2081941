using System.Buffers;
using System.Text.Json;
using SpeedKings.Bench.Loopback.Emission;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Anthropic;

/// <summary>
/// Anthropic's named events: <c>message_start</c> (input usage) and a <c>ping</c> with the headers, then content blocks
/// — a thinking block while reasoning, a text block for the answer — each opened, filled with deltas and closed, and
/// <c>message_delta</c> with the stop reason and the running output total, then <c>message_stop</c>.
/// </summary>
internal sealed class AnthropicMessagesFraming(ResponseShape shape) : ICompletionFraming
{
    private readonly JsonFrameWriter _writer = new();
    private readonly JsonEncodedText _id = WireJson.Encode("msg_" + shape.RequestId);
    private readonly JsonEncodedText _model = WireJson.Encode(shape.Model);
    private int _openBlock = -1;
    private bool _openBlockIsThinking;

    public string StreamContentType => "text/event-stream";

    public ServerReport Report { get; } = new();

    public void WriteStreamOpening(IBufferWriter<byte> output)
    {
        Utf8JsonWriter json = _writer.BeginEvent(output, "message_start"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_start"u8);
        json.WriteStartObject("message"u8);
        WriteMessageHeader(json);
        json.WriteStartArray("content"u8);
        json.WriteEndArray();
        json.WriteNull("stop_reason"u8);
        json.WriteNull("stop_sequence"u8);
        WriteUsage(json, outputTokens: 1);
        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);

        json = _writer.BeginEvent(output, "ping"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "ping"u8);
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    public void WriteStreamText(IBufferWriter<byte> output, in PlannedChunk chunk, ReadOnlySpan<byte> utf8Text)
    {
        // The first chunk of each phase closes the block before it and opens its own, in the same write.
        if (_openBlock < 0 || _openBlockIsThinking != chunk.Reasoning)
        {
            CloseBlock(output);
            _openBlock++;
            _openBlockIsThinking = chunk.Reasoning;
            Utf8JsonWriter start = _writer.BeginEvent(output, "content_block_start"u8);
            start.WriteStartObject();
            start.WriteString("type"u8, "content_block_start"u8);
            start.WriteNumber("index"u8, _openBlock);
            start.WriteStartObject("content_block"u8);
            if (shape.ToolName is { } tool)
            {
                start.WriteString("type"u8, "tool_use"u8);
                start.WriteString("id"u8, "toolu_" + shape.RequestId);
                start.WriteString("name"u8, tool);
                start.WriteStartObject("input"u8);
                start.WriteEndObject();
            }
            else
            {
                start.WriteString("type"u8, chunk.Reasoning ? "thinking"u8 : "text"u8);
                start.WriteString(chunk.Reasoning ? "thinking"u8 : "text"u8, ""u8);
            }

            start.WriteEndObject();
            start.WriteEndObject();
            JsonFrameWriter.EndEvent(start, output);
        }

        Utf8JsonWriter json = _writer.BeginEvent(output, "content_block_delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_delta"u8);
        json.WriteNumber("index"u8, _openBlock);
        json.WriteStartObject("delta"u8);
        if (shape.ToolName is not null)
        {
            json.WriteString("type"u8, "input_json_delta"u8);
            json.WriteString("partial_json"u8, utf8Text);
        }
        else
        {
            json.WriteString("type"u8, chunk.Reasoning ? "thinking_delta"u8 : "text_delta"u8);
            json.WriteString(chunk.Reasoning ? "thinking"u8 : "text"u8, utf8Text);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    public void WriteStreamClosing(IBufferWriter<byte> output, in CompletionOutcome outcome)
    {
        CloseBlock(output);

        Utf8JsonWriter json = _writer.BeginEvent(output, "message_delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteString("stop_reason"u8, StopReason);
        json.WriteNull("stop_sequence"u8);
        json.WriteEndObject();
        json.WriteStartObject("usage"u8);
        json.WriteNumber("output_tokens"u8, shape.OutputTokens);
        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
        Report.Usage = new ReportedUsage(shape.PromptTokens, shape.OutputTokens, CachedPromptTokens: shape.CachedPromptTokens, ReasoningTokens: null);

        json = _writer.BeginEvent(output, "message_stop"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_stop"u8);
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    public void WriteWholeResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> reasoningText, ReadOnlySpan<byte> answerText, in CompletionOutcome outcome)
    {
        Utf8JsonWriter json = _writer.Begin(output);
        json.WriteStartObject();
        WriteMessageHeader(json);
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
        json.WriteString("stop_reason"u8, StopReason);
        json.WriteNull("stop_sequence"u8);
        WriteUsage(json, shape.OutputTokens);
        json.WriteEndObject();
        json.Flush();
        Report.Usage = new ReportedUsage(shape.PromptTokens, shape.OutputTokens, CachedPromptTokens: shape.CachedPromptTokens, ReasoningTokens: null);
    }

    /// <summary>Anthropic's mid-stream error: <c>event: error</c> with an <c>overloaded_error</c>.</summary>
    public void WriteStreamError(IBufferWriter<byte> output, string message)
    {
        Utf8JsonWriter json = _writer.BeginEvent(output, "error"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, "overloaded_error"u8);
        json.WriteString("message"u8, message);
        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }

    private ReadOnlySpan<byte> StopReason => shape.CutByMaxTokens ? "max_tokens"u8 : shape.ToolName is not null ? "tool_use"u8 : "end_turn"u8;

    private void WriteMessageHeader(Utf8JsonWriter json)
    {
        json.WriteString("id"u8, _id);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, _model);
    }

    private void WriteUsage(Utf8JsonWriter json, int outputTokens)
    {
        json.WriteStartObject("usage"u8);
        // As Anthropic counts: input_tokens leaves out what the cache served (cache writes are not told apart here).
        json.WriteNumber("input_tokens"u8, shape.PromptTokens - shape.CachedPromptTokens);
        json.WriteNumber("cache_creation_input_tokens"u8, 0);
        json.WriteNumber("cache_read_input_tokens"u8, shape.CachedPromptTokens);
        json.WriteNumber("output_tokens"u8, outputTokens);
        json.WriteEndObject();
    }

    private void CloseBlock(IBufferWriter<byte> output)
    {
        if (_openBlock < 0)
            return;
        Utf8JsonWriter json = _writer.BeginEvent(output, "content_block_stop"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_stop"u8);
        json.WriteNumber("index"u8, _openBlock);
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output);
    }
}
