using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Ollama;

/// <summary>
/// Ollama's native chat API (<c>POST {base}/api/chat</c>, one JSON object per line). Text is in
/// <c>message.content</c> (reasoning in <c>message.thinking</c>); the object with <c>"done": true</c> ends the stream
/// and carries the engine's own counts and durations in nanoseconds, model load time included.
/// </summary>
internal sealed class OllamaChatFormat : IWireFormat
{
    public const string FormatId = "ollama-chat";

    private const double NanosecondsPerMillisecond = 1_000_000;

    public string Id => FormatId;

    public StreamFraming Framing => StreamFraming.NewlineDelimitedJson;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        byte[] body = ChatJson.Build(json =>
        {
            json.WriteString("model"u8, endpoint.Model);
            ChatJson.WriteMessages(json, request, images: ImageParts.OllamaImages);
            json.WriteBoolean("stream"u8, true);
            if (request.Task.Tool is { } tool)
                ChatJson.WriteFunctionTools(json, tool); // Ollama has no tool_choice: the prompt asks for the call
            if (request.Task.Schema is { } schema)
            {
                // Ollama's structured output: the schema itself as "format".
                json.WritePropertyName("format"u8);
                schema.Schema.WriteTo(json);
            }
            json.WriteStartObject("options"u8);
            json.WriteNumber("num_predict"u8, request.MaxTokens);
            json.WriteEndObject();
        });
        return new PreparedRequest(endpoint.Resolve("api/chat"), body, []);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
        => JsonFrame.Read(data, capture, ReadProperties);

    private static FrameResult ReadProperties(ref Utf8JsonReader reader, StreamCapture capture)
    {
        bool done = false;
        int? promptTokens = null, outputTokens = null;
        long? total = null, load = null, promptDuration = null, evalDuration = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message"u8))
                ReadMessage(ref reader, capture);
            else if (reader.ValueTextEquals("done"u8))
                done = ReadBoolean(ref reader) ?? false;
            else if (reader.ValueTextEquals("done_reason"u8))
            {
                if (ReadString(ref reader) is { } reason)
                    capture.OnFinish(reason);
            }
            else if (reader.ValueTextEquals("prompt_eval_count"u8))
                promptTokens = ReadInt(ref reader);
            else if (reader.ValueTextEquals("eval_count"u8))
                outputTokens = ReadInt(ref reader);
            else if (reader.ValueTextEquals("total_duration"u8))
                total = ReadLong(ref reader);
            else if (reader.ValueTextEquals("load_duration"u8))
                load = ReadLong(ref reader);
            else if (reader.ValueTextEquals("prompt_eval_duration"u8))
                promptDuration = ReadLong(ref reader);
            else if (reader.ValueTextEquals("eval_duration"u8))
                evalDuration = ReadLong(ref reader);
            else if (reader.ValueTextEquals("error"u8))
                JsonFrame.ReportStreamError(ref reader, capture);
            else
                SkipValue(ref reader);
        }

        if (!done)
            return FrameResult.Continue;
        if (outputTokens is not null || promptTokens is not null)
            capture.OnUsage(new TokenUsage(promptTokens ?? 0, 0, outputTokens ?? 0, null, UsageSource.Reported));
        capture.OnServerTimings(new ServerTimings("ollama", null, Ms(promptDuration), Ms(evalDuration), Ms(total), Ms(load)));
        return FrameResult.EndOfStream;
    }

    /// <summary><c>{"error":"model 'x' not found"}</c>.</summary>
    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);

    private static double? Ms(long? nanoseconds) => nanoseconds / NanosecondsPerMillisecond;

    private static void ReadMessage(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                capture.OnText(TextKind.Answer, ref reader);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                reader.Read();
                capture.OnText(TextKind.Reasoning, ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                ReadToolCalls(ref reader, capture);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    /// <summary><c>tool_calls: [{"function": {"name", "arguments": {…}}}]</c>: Ollama sends each call whole, its arguments an object.</summary>
    private static void ReadToolCalls(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterArray(ref reader))
            return;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var function = new ToolCallFunction();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("function"u8))
                    function.Read(ref reader);
                else
                    SkipValue(ref reader);
            }

            function.Report(capture, capture.ToolCalls.Count);
        }
    }
}
