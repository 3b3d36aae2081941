using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Anthropic;

/// <summary>
/// Anthropic Messages (<c>POST {base}/messages</c>, SSE with named events). Input tokens arrive in
/// <c>message_start</c>, output tokens as a running total in <c>message_delta</c>; <c>message_stop</c> ends the
/// stream; <c>thinking_delta</c> is reasoning; <c>event: error</c> can arrive inside a 200 stream.
/// </summary>
internal sealed class AnthropicMessagesFormat : IWireFormat
{
    public const string FormatId = "anthropic-messages";

    private static readonly KeyValuePair<string, string>[] VersionHeader = [new("anthropic-version", "2023-06-01")];

    public string Id => FormatId;

    public StreamFraming Framing => StreamFraming.ServerSentEvents;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        byte[] body = ChatJson.Build(json =>
        {
            json.WriteString("model"u8, endpoint.Model);
            json.WriteNumber("max_tokens"u8, request.MaxTokens);
            if (request.System is { } system)
                json.WriteString("system"u8, system);
            ChatJson.WriteMessages(json, request, includeSystem: false, markSharedPrefix: true, ImageParts.AnthropicBlocks);
            json.WriteBoolean("stream"u8, true);
            if (request.Task.Tool is { } tool)
            {
                json.WriteStartArray("tools"u8);
                json.WriteStartObject();
                json.WriteString("name"u8, tool.Name);
                json.WriteString("description"u8, tool.Description);
                json.WritePropertyName("input_schema"u8);
                tool.Parameters.WriteTo(json);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartObject("tool_choice"u8);
                json.WriteString("type"u8, "tool"u8);
                json.WriteString("name"u8, tool.Name);
                json.WriteEndObject();
            }
        });
        return new PreparedRequest(endpoint.Resolve("messages"), body, VersionHeader);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
        => JsonFrame.Read(data, capture, ReadProperties);

    /// <summary><c>{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}</c>.</summary>
    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);

    /// <summary>The "type" field repeats the event name; frames are read by their fields, so a missing event: line is harmless.</summary>
    private static FrameResult ReadProperties(ref Utf8JsonReader reader, StreamCapture capture)
    {
        int block = 0; // a content block's index, which comes before its start or delta
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.ValueTextEquals("message_stop"u8))
                    return FrameResult.EndOfStream;
            }
            else if (reader.ValueTextEquals("message"u8))
                ReadMessageStart(ref reader, capture);
            else if (reader.ValueTextEquals("index"u8))
                block = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("content_block"u8))
                ReadBlockStart(ref reader, capture, block);
            else if (reader.ValueTextEquals("delta"u8))
                ReadDelta(ref reader, capture, block);
            else if (reader.ValueTextEquals("usage"u8))
                ReadOutputUsage(ref reader, capture);
            else if (reader.ValueTextEquals("error"u8))
                ReportError(ref reader, capture);
            else
                SkipValue(ref reader);
        }

        return FrameResult.Continue;
    }

    private static void ReadMessageStart(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("usage"u8))
                ReadInputUsage(ref reader, capture);
            else
                SkipValue(ref reader);
        }
    }

    private static void ReadInputUsage(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        int input = 0, cacheRead = 0, cacheWrite = 0, output = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("input_tokens"u8))
                input = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
                cacheRead = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
                cacheWrite = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("output_tokens"u8))
                output = ReadInt(ref reader) ?? 0;
            else
                SkipValue(ref reader);
        }

        // Anthropic's input_tokens excludes cache reads and writes; the record's input counts them all.
        capture.OnUsage(new TokenUsage(input + cacheRead + cacheWrite, cacheRead, output, null, UsageSource.Reported));
    }

    /// <summary><c>message_delta.usage.output_tokens</c> is a running total: it replaces, never adds.</summary>
    private static void ReadOutputUsage(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        int? output = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("output_tokens"u8))
                output = ReadInt(ref reader);
            else
                SkipValue(ref reader);
        }

        if (output is { } total)
        {
            TokenUsage known = capture.Usage ?? new TokenUsage(0, 0, 0, null, UsageSource.Reported);
            capture.OnUsage(known with { OutputTokens = total });
        }
    }

    /// <summary><c>content_block_start</c> of a <c>tool_use</c> block names the tool; its input then streams as <c>input_json_delta</c>.</summary>
    private static void ReadBlockStart(ref Utf8JsonReader reader, StreamCapture capture, int block)
    {
        if (!EnterObject(ref reader))
            return;
        bool toolUse = false;
        string? name = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
                toolUse = ReadString(ref reader) == "tool_use";
            else if (reader.ValueTextEquals("name"u8))
                name = ReadString(ref reader);
            else
                SkipValue(ref reader);
        }

        if (toolUse)
            capture.OnToolCall(block, name, ReadOnlySpan<char>.Empty);
    }

    private static void ReadDelta(ref Utf8JsonReader reader, StreamCapture capture, int block)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                capture.OnText(TextKind.Answer, ref reader);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                reader.Read();
                capture.OnText(TextKind.Reasoning, ref reader);
            }
            else if (reader.ValueTextEquals("partial_json"u8))
            {
                reader.Read();
                capture.OnToolCall(block, null, ref reader);
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                if (ReadString(ref reader) is { } reason)
                    capture.OnFinish(reason);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static void ReportError(ref Utf8JsonReader reader, StreamCapture capture)
    {
        Utf8JsonReader copy = reader;
        string? type = null;
        if (EnterObject(ref copy))
            type = FindString(ref copy, "type"u8);
        JsonFrame.ReportStreamError(ref reader, capture, type is "overloaded_error" or "rate_limit_error" ? FailureKind.RateLimited : FailureKind.Server);
    }
}
