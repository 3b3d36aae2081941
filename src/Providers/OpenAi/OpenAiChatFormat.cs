using System.Buffers;
using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.OpenAi;

/// <summary>
/// OpenAI-compatible chat completions (<c>POST {base}/chat/completions</c>, SSE), with the compatibles' variants:
/// reasoning in <c>reasoning</c> or <c>reasoning_content</c>, usage on the finish chunk and/or a <c>choices: []</c>
/// trailer, Cerebras <c>time_info</c>, Groq <c>x_groq</c>, llama.cpp <c>timings</c>, errors inside a 200 stream.
/// </summary>
public sealed class OpenAiChatFormat : IWireFormat
{
    public const string FormatId = "openai-chat";

    public string Id => FormatId;

    public StreamFraming Framing => StreamFraming.ServerSentEvents;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, endpoint.Model);
            json.WriteStartArray("messages"u8);
            if (request.System is { } system)
                WriteMessage(json, "system", system);
            WriteMessage(json, "user", request.User);
            json.WriteEndArray();
            json.WriteBoolean("stream"u8, true);
            if (endpoint.Descriptor.IncludeUsage)
            {
                json.WriteStartObject("stream_options"u8);
                json.WriteBoolean("include_usage"u8, true);
                json.WriteEndObject();
            }

            json.WriteNumber(endpoint.Descriptor.MaxTokensField, request.MaxTokens);
            json.WriteEndObject();
        }

        return new PreparedRequest(endpoint.Resolve("chat/completions"), buffer.WrittenSpan.ToArray(), []);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.SequenceEqual("[DONE]"u8))
            return FrameResult.EndOfStream;
        if (data.IsEmpty)
            return FrameResult.Continue;

        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                capture.OnFailure(FailureKind.Protocol, "a stream frame was not a JSON object");
                return FrameResult.EndOfStream;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                    ReadChoices(ref reader, capture);
                else if (reader.ValueTextEquals("usage"u8))
                    ReadUsage(ref reader, capture);
                else if (reader.ValueTextEquals("x_groq"u8))
                    ReadGroqExtension(ref reader, capture);
                else if (reader.ValueTextEquals("time_info"u8))
                    ReadServerTimings(ref reader, capture, "time_info", secondsScale: 1000);
                else if (reader.ValueTextEquals("timings"u8))
                    ReadLlamaCppTimings(ref reader, capture);
                else if (reader.ValueTextEquals("error"u8))
                    ReadStreamError(ref reader, capture);
                else
                    SkipValue(ref reader);
            }
        }
        catch (JsonException)
        {
            capture.OnFailure(FailureKind.Protocol, "a stream frame was not valid JSON");
            return FrameResult.EndOfStream;
        }

        return capture.Failure is null ? FrameResult.Continue : FrameResult.EndOfStream;
    }

    public string? ReadErrorMessage(ReadOnlySpan<byte> body)
    {
        // OpenAI family: {"error":{"message":…}}; Cerebras and vLLM: {"message":…} at the top level.
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            string? topLevel = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                        return reader.GetString();
                    if (reader.TokenType == JsonTokenType.StartObject && FindString(ref reader, "message"u8) is { } nested)
                        return nested;
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    topLevel = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            return topLevel;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, role);
        json.WriteString("content"u8, content);
        json.WriteEndObject();
    }

    private static void ReadChoices(ref Utf8JsonReader reader, StreamCapture capture)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                    ReadDelta(ref reader, capture);
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                        capture.OnFinish(reader.GetString()!);
                }
                else
                    SkipValue(ref reader);
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, StreamCapture capture)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                capture.OnText(TextKind.Answer, ref reader);
            }
            else if (reader.ValueTextEquals("reasoning"u8) || reader.ValueTextEquals("reasoning_content"u8))
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

    private static void ReadUsage(ref Utf8JsonReader reader, StreamCapture capture)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        int input = 0, output = 0, cached = 0;
        int? reasoning = null, cacheHit = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
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
    }

    private static void ReadGroqExtension(ref Utf8JsonReader reader, StreamCapture capture)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                // Groq's usage carries token counts and its own timings side by side.
                Utf8JsonReader copy = reader;
                ReadServerTimings(ref copy, capture, "x_groq.usage", secondsScale: 1000);
                ReadUsage(ref reader, capture);
            }
            else if (reader.ValueTextEquals("error"u8))
                ReadStreamError(ref reader, capture);
            else
                SkipValue(ref reader);
        }
    }

    private static void ReadServerTimings(ref Utf8JsonReader reader, StreamCapture capture, string source, double secondsScale)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        double? queue = null, prompt = null, completion = null, total = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("queue_time"u8))
                queue = ReadDouble(ref reader) * secondsScale;
            else if (reader.ValueTextEquals("prompt_time"u8))
                prompt = ReadDouble(ref reader) * secondsScale;
            else if (reader.ValueTextEquals("completion_time"u8))
                completion = ReadDouble(ref reader) * secondsScale;
            else if (reader.ValueTextEquals("total_time"u8))
                total = ReadDouble(ref reader) * secondsScale;
            else
                SkipValue(ref reader);
        }

        capture.OnServerTimings(new ServerTimings(source, queue, prompt, completion, total));
    }

    private static void ReadLlamaCppTimings(ref Utf8JsonReader reader, StreamCapture capture)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        double? prompt = null, predicted = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_ms"u8))
                prompt = ReadDouble(ref reader);
            else if (reader.ValueTextEquals("predicted_ms"u8))
                predicted = ReadDouble(ref reader);
            else
                SkipValue(ref reader);
        }

        capture.OnServerTimings(new ServerTimings("timings", null, prompt, predicted, prompt + predicted));
    }

    private static void ReadStreamError(ref Utf8JsonReader reader, StreamCapture capture)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
            return; // some compatibles send "error": null on healthy chunks
        string message = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString() ?? "error",
            JsonTokenType.StartObject => FindString(ref reader, "message"u8) ?? "error",
            _ => "error",
        };
        if (reader.TokenType is JsonTokenType.StartArray)
            reader.Skip();
        capture.OnFailure(FailureKind.Server, $"the provider reported an error inside the stream: {message}");
    }

    /// <summary>Finds a string property in the object the reader is at, consuming the object.</summary>
    private static string? FindString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        string? found = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                    found = reader.GetString();
                else
                    reader.Skip();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return found;
    }

    private static int? ReadNestedInt(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? found = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
                found = ReadInt(ref reader);
            else
                SkipValue(ref reader);
        }

        return found;
    }

    private static int? ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) ? value : null;
    }

    private static double? ReadDouble(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value) ? value : null;
    }

    /// <summary>At a property name: moves past its value, whatever its shape.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }
}
