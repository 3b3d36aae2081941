using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Cohere;

/// <summary>
/// Cohere v2 chat (<c>POST {base}/chat</c>, SSE with named events). Text comes in <c>content-delta</c> as
/// <c>delta.message.content.text</c> (reasoning, where offered, as <c>.thinking</c>); <c>message-end</c> carries the
/// usage (billed units preferred, as they are what is paid) and ends the stream.
/// </summary>
internal sealed class CohereChatFormat : IWireFormat
{
    public const string FormatId = "cohere-chat";

    public string Id => FormatId;

    public StreamFraming Framing => StreamFraming.ServerSentEvents;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        byte[] body = ChatJson.Build(json =>
        {
            json.WriteString("model"u8, endpoint.Model);
            ChatJson.WriteMessages(json, request);
            json.WriteBoolean("stream"u8, true);
            json.WriteNumber("max_tokens"u8, request.MaxTokens);
            if (request.Task.Tool is { } tool)
            {
                ChatJson.WriteFunctionTools(json, tool);
                json.WriteString("tool_choice"u8, "REQUIRED"u8);
            }

            if (request.Task.Schema is { } schema)
            {
                // Cohere's structured output: a JSON object that follows the schema given as json_schema.
                json.WriteStartObject("response_format"u8);
                json.WriteString("type"u8, "json_object"u8);
                json.WritePropertyName("json_schema"u8);
                schema.Schema.WriteTo(json);
                json.WriteEndObject();
            }
        });
        return new PreparedRequest(endpoint.Resolve("chat"), body, []);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
        => JsonFrame.Read(data, capture, ReadProperties);

    /// <summary>Cohere error bodies: <c>{"message": …}</c> (older) or <c>{"error": …}</c>.</summary>
    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);

    private static FrameResult ReadProperties(ref Utf8JsonReader reader, StreamCapture capture)
    {
        bool end = false;
        int index = 0; // a tool call's index, which comes before its delta
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                end = reader.ValueTextEquals("message-end"u8);
            }
            else if (reader.ValueTextEquals("index"u8))
                index = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("delta"u8))
                ReadDelta(ref reader, capture, index);
            else if (reader.ValueTextEquals("error"u8))
                JsonFrame.ReportStreamError(ref reader, capture);
            else
                SkipValue(ref reader);
        }

        return end ? FrameResult.EndOfStream : FrameResult.Continue;
    }

    private static void ReadDelta(ref Utf8JsonReader reader, StreamCapture capture, int index)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message"u8))
                ReadMessage(ref reader, capture, index);
            else if (reader.ValueTextEquals("usage"u8))
                ReadUsage(ref reader, capture);
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                if (ReadString(ref reader) is { } reason)
                    capture.OnFinish(reason);
            }
            else
                SkipValue(ref reader);
        }
    }

    private static void ReadMessage(ref Utf8JsonReader reader, StreamCapture capture, int index)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("tool_calls"u8))
            {
                ReadToolCall(ref reader, capture, index);
                continue;
            }

            if (reader.ValueTextEquals("tool_plan"u8))
            {
                // The model's plan before it calls a tool: visible reasoning.
                reader.Read();
                capture.OnText(TextKind.Reasoning, ref reader);
                continue;
            }

            if (!reader.ValueTextEquals("content"u8))
            {
                SkipValue(ref reader);
                continue;
            }

            // content-delta has an object here; message-start an (empty) array.
            if (!EnterObject(ref reader))
                continue;
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
                else
                {
                    SkipValue(ref reader);
                }
            }
        }
    }

    /// <summary><c>tool-call-start</c> / <c>tool-call-delta</c>: <c>tool_calls</c> is one object, <c>{id, type, function: {name, arguments}}</c>.</summary>
    private static void ReadToolCall(ref Utf8JsonReader reader, StreamCapture capture, int index)
    {
        if (!EnterObject(ref reader))
            return;
        var function = new ToolCallFunction();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("function"u8))
                function.Read(ref reader);
            else
                SkipValue(ref reader);
        }

        function.Report(capture, index);
    }

    private static void ReadUsage(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        (int Input, int Output)? billed = null, tokens = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("billed_units"u8))
                billed = ReadInputOutput(ref reader);
            else if (reader.ValueTextEquals("tokens"u8))
                tokens = ReadInputOutput(ref reader);
            else
                SkipValue(ref reader);
        }

        if ((billed ?? tokens) is { } usage)
            capture.OnUsage(new TokenUsage(usage.Input, 0, usage.Output, null, UsageSource.Reported));
    }

    private static (int Input, int Output)? ReadInputOutput(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
            return null;
        int input = 0, output = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("input_tokens"u8))
                input = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("output_tokens"u8))
                output = ReadInt(ref reader) ?? 0;
            else
                SkipValue(ref reader);
        }

        return (input, output);
    }
}
