using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.OpenAi;

/// <summary>
/// OpenAI-compatible chat completions (<c>POST {base}/chat/completions</c>, SSE), with the compatibles' variants:
/// reasoning in <c>reasoning</c> or <c>reasoning_content</c>, usage on the finish chunk and/or a <c>choices: []</c>
/// trailer, Cerebras <c>time_info</c>, Groq <c>x_groq</c>, llama.cpp <c>timings</c>, errors inside a 200 stream.
/// </summary>
internal sealed class OpenAiChatFormat : IWireFormat
{
    public const string FormatId = "openai-chat";

    public string Id => FormatId;

    public StreamFraming Framing => StreamFraming.ServerSentEvents;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        byte[] body = ChatJson.Build(json =>
        {
            json.WriteString("model"u8, endpoint.Model);
            ChatJson.WriteMessages(json, request);
            json.WriteBoolean("stream"u8, true);
            if (endpoint.Descriptor.IncludeUsage)
            {
                json.WriteStartObject("stream_options"u8);
                json.WriteBoolean("include_usage"u8, true);
                json.WriteEndObject();
            }

            json.WriteNumber(endpoint.Descriptor.MaxTokensField, request.MaxTokens);
            WriteTask(json, request.Task);
            // A traffic shape on an engine the user runs: its output length is the shape's, not the model's choice.
            if (request.ExactLength && endpoint.Descriptor.Kind is Catalog.ProviderKind.Local or Catalog.ProviderKind.Reference)
            {
                json.WriteNumber("min_tokens"u8, request.MaxTokens);
                json.WriteBoolean("ignore_eos"u8, true);
            }
        });
        return new PreparedRequest(endpoint.Resolve("chat/completions"), body, []);
    }

    /// <summary>A tool the model must call (<c>tool_choice: required</c>), or a JSON Schema the answer must follow.</summary>
    private static void WriteTask(Utf8JsonWriter json, Prompts.TaskInput task)
    {
        if (task.Tool is { } tool)
        {
            ChatJson.WriteFunctionTools(json, tool);
            json.WriteString("tool_choice"u8, "required"u8);
        }

        if (task.Schema is { } schema)
        {
            json.WriteStartObject("response_format"u8);
            json.WriteString("type"u8, "json_schema"u8);
            json.WriteStartObject("json_schema"u8);
            json.WriteString("name"u8, schema.Name);
            json.WriteBoolean("strict"u8, true);
            json.WritePropertyName("schema"u8);
            schema.Schema.WriteTo(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.SequenceEqual("[DONE]"u8))
            return FrameResult.EndOfStream;
        if (data.IsEmpty)
            return FrameResult.Continue;

        // Nearly every chunk is one piece of text: read that shape in one pass, everything else in full. Most chunks
        // repeat the last one's bytes around a new text, and read only the text; the rest resume after the stream's
        // known opening when they share it.
        OpenAiStreamState state = capture.StateOf<OpenAiStreamState>();
        if (!TextChunk.TryReadAround(data, state.BeforeText, state.AfterText, state.TextIsReasoning, out TextChunk chunk))
        {
            if (!TextChunk.TryRead(data, state.Opening, out chunk))
                return ReadInFull(data, capture);
            if (chunk.ReadOpening > 0)
                state.Remember(data[..chunk.ReadOpening]);
            state.RememberSurround(data, chunk);
        }

        chunk.Report(capture, state.Tags);
        return capture.Failure is null ? FrameResult.Continue : FrameResult.EndOfStream;
    }

    /// <summary>The frame token by token; what <see cref="TextChunk"/> must agree with on every frame it accepts.</summary>
    internal static FrameResult ReadInFull(ReadOnlySpan<byte> data, StreamCapture capture) => JsonFrame.Read(data, capture, ReadProperties);

    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);

    private static FrameResult ReadProperties(ref Utf8JsonReader reader, StreamCapture capture)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("choices"u8))
                ReadChoices(ref reader, capture);
            else if (reader.ValueTextEquals("usage"u8))
                ReadUsage(ref reader, capture);
            else if (reader.ValueTextEquals("x_groq"u8))
                ReadGroqExtension(ref reader, capture);
            else if (reader.ValueTextEquals("time_info"u8))
                ReadServerTimings(ref reader, capture, "time_info");
            else if (reader.ValueTextEquals("timings"u8))
                ReadLlamaCppTimings(ref reader, capture);
            else if (reader.ValueTextEquals("error"u8))
                JsonFrame.ReportStreamError(ref reader, capture);
            else
                SkipValue(ref reader);
        }

        return FrameResult.Continue;
    }

    private static void ReadChoices(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterArray(ref reader))
            return;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                    ReadDelta(ref reader, capture);
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    if (ReadString(ref reader) is { } reason)
                        capture.OnFinish(reason);
                }
                else
                    SkipValue(ref reader);
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                ReadOnlySpan<char> text = capture.AppendText(ref reader);
                capture.CountText(capture.StateOf<OpenAiStreamState>().Tags.Classify(text), text.Length);
            }
            else if (reader.ValueTextEquals("reasoning"u8) || reader.ValueTextEquals("reasoning_content"u8))
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

    /// <summary>
    /// <c>tool_calls: [{index, id, type, function: {name, arguments}}]</c>: the first delta of a call names it, later
    /// ones carry fragments of its arguments' JSON text; a provider that does not stream them sends them whole, once.
    /// </summary>
    private static void ReadToolCalls(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterArray(ref reader))
            return;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            int index = 0;
            var function = new ToolCallFunction();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("index"u8))
                    index = ReadInt(ref reader) ?? 0;
                else if (reader.ValueTextEquals("function"u8))
                    function.Read(ref reader);
                else
                    SkipValue(ref reader);
            }

            function.Report(capture, index);
        }
    }

    private static void ReadUsage(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        int input = 0, output = 0, cached = 0;
        int? reasoning = null, cacheHit = null;
        double? firstToken = null, totalLatency = null, speedAfterFirst = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("cost"u8))
            {
                // OpenRouter: what the provider says the request cost, in USD.
                if (ReadDouble(ref reader) is { } cost)
                    capture.OnProviderCost((decimal)cost);
            }
            else if (reader.ValueTextEquals("time_to_first_token"u8))
                firstToken = ReadDouble(ref reader);
            else if (reader.ValueTextEquals("total_latency"u8))
                totalLatency = ReadDouble(ref reader);
            else if (reader.ValueTextEquals("completion_tokens_after_first_per_sec"u8))
                speedAfterFirst = ReadDouble(ref reader);
            else if (reader.ValueTextEquals("prompt_tokens"u8))
                input = ReadInt(ref reader) ?? input;
            else if (reader.ValueTextEquals("completion_tokens"u8))
                output = ReadInt(ref reader) ?? output;
            else if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8))
                cacheHit = ReadInt(ref reader);
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
                cached = ReadNestedInt(ref reader, "cached_tokens"u8) ?? cached;
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
                reasoning = ReadNestedInt(ref reader, "reasoning_tokens"u8) ?? reasoning;
            else
                SkipValue(ref reader);
        }

        capture.OnUsage(new TokenUsage(input, cacheHit ?? cached, output, reasoning, UsageSource.Reported));
        if (firstToken is not null || totalLatency is not null || speedAfterFirst is not null)
        {
            // SambaNova reports its own timings inside usage, in seconds.
            capture.OnServerTimings(new ServerTimings(
                "usage", null, null, null, totalLatency * 1000, FirstTokenMs: firstToken * 1000, OutputTokensPerSecond: speedAfterFirst));
        }
    }

    private static void ReadGroqExtension(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                // Groq's usage carries token counts and its own timings side by side.
                Utf8JsonReader timings = reader;
                ReadServerTimings(ref timings, capture, "x_groq.usage");
                ReadUsage(ref reader, capture);
            }
            else if (reader.ValueTextEquals("error"u8))
                JsonFrame.ReportStreamError(ref reader, capture);
            else
                SkipValue(ref reader);
        }
    }

    /// <summary>Cerebras <c>time_info</c> and Groq <c>x_groq.usage</c>: queue, prompt, completion and total time in seconds.</summary>
    private static void ReadServerTimings(ref Utf8JsonReader reader, StreamCapture capture, string source)
    {
        if (!EnterObject(ref reader))
            return;
        double? queue = null, prompt = null, completion = null, total = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("queue_time"u8))
                queue = ReadDouble(ref reader) * 1000;
            else if (reader.ValueTextEquals("prompt_time"u8))
                prompt = ReadDouble(ref reader) * 1000;
            else if (reader.ValueTextEquals("completion_time"u8))
                completion = ReadDouble(ref reader) * 1000;
            else if (reader.ValueTextEquals("total_time"u8))
                total = ReadDouble(ref reader) * 1000;
            else
                SkipValue(ref reader);
        }

        capture.OnServerTimings(new ServerTimings(source, queue, prompt, completion, total));
    }

    /// <summary>llama.cpp <c>timings</c>: prompt and generation time in milliseconds.</summary>
    private static void ReadLlamaCppTimings(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        double? prompt = null, predicted = null, speed = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("prompt_ms"u8))
                prompt = ReadDouble(ref reader);
            else if (reader.ValueTextEquals("predicted_ms"u8))
                predicted = ReadDouble(ref reader);
            else if (reader.ValueTextEquals("predicted_per_second"u8))
                speed = ReadDouble(ref reader);
            else
                SkipValue(ref reader);
        }

        capture.OnServerTimings(new ServerTimings("timings", null, prompt, predicted, prompt + predicted, OutputTokensPerSecond: speed));
    }
}
