using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Gemini;

/// <summary>
/// Gemini native streaming (<c>POST {base}/models/{model}:streamGenerateContent?alt=sse</c>). Frames carry
/// <c>candidates[].content.parts[]</c>, where a part with <c>"thought": true</c> is reasoning, and a running
/// <c>usageMetadata</c> on every chunk. There is no end marker: the end of the body is the end.
/// </summary>
internal sealed class GeminiStreamFormat : IWireFormat
{
    public const string FormatId = "gemini-native";

    public string Id => FormatId;

    public StreamFraming Framing => StreamFraming.ServerSentEvents;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        byte[] body = ChatJson.Build(json =>
        {
            if (request.System is { } system)
            {
                json.WriteStartObject("systemInstruction"u8);
                WriteParts(json, system);
                json.WriteEndObject();
            }

            json.WriteStartArray("contents"u8);
            foreach (PriorMessage message in request.History)
            {
                json.WriteStartObject();
                json.WriteString("role"u8, message.IsAssistant ? "model"u8 : "user"u8);
                WriteParts(json, message.Text);
                json.WriteEndObject();
            }

            json.WriteStartObject();
            json.WriteString("role"u8, "user");
            WriteParts(json, request.User, request.Task.Images);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("generationConfig"u8);
            json.WriteNumber("maxOutputTokens"u8, request.MaxTokens);
            if (request.Task.Schema is { } schema)
            {
                json.WriteString("responseMimeType"u8, "application/json"u8);
                json.WritePropertyName("responseJsonSchema"u8);
                schema.Schema.WriteTo(json);
            }

            json.WriteEndObject();
            if (request.Task.Tool is { } tool)
                WriteTool(json, tool);
        });
        Uri url = endpoint.Resolve($"models/{Uri.EscapeDataString(endpoint.Model)}:streamGenerateContent?alt=sse");
        return new PreparedRequest(url, body, []);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
        => JsonFrame.Read(data, capture, ReadProperties);

    /// <summary><c>{"error":{"code":429,"message":…,"status":"RESOURCE_EXHAUSTED"}}</c>, sometimes wrapped in an array.</summary>
    public string? ReadErrorMessage(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> trimmed = body.Trim(" \t\r\n"u8);
        if (trimmed.Length > 1 && trimmed[0] == (byte)'[')
            trimmed = trimmed[1..];
        int end = trimmed.LastIndexOf((byte)'}');
        return end < 0 ? null : JsonFrame.ReadErrorMessage(trimmed[..(end + 1)]);
    }

    private static FrameResult ReadProperties(ref Utf8JsonReader reader, StreamCapture capture)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("candidates"u8))
                ReadCandidates(ref reader, capture);
            else if (reader.ValueTextEquals("usageMetadata"u8))
                ReadUsage(ref reader, capture);
            else if (reader.ValueTextEquals("error"u8))
                JsonFrame.ReportStreamError(ref reader, capture);
            else
                SkipValue(ref reader);
        }

        return FrameResult.Continue;
    }

    private static void WriteParts(Utf8JsonWriter json, string text, IReadOnlyList<Prompts.ImageInput>? images = null)
    {
        json.WriteStartArray("parts"u8);
        json.WriteStartObject();
        json.WriteString("text"u8, text);
        json.WriteEndObject();
        foreach (Prompts.ImageInput image in images ?? [])
        {
            json.WriteStartObject();
            json.WriteStartObject("inline_data"u8);
            json.WriteString("mime_type"u8, image.MediaType);
            json.WriteString("data"u8, image.Base64);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>One function declaration (its schema as full JSON Schema) and a config that makes the model call a function.</summary>
    private static void WriteTool(Utf8JsonWriter json, Prompts.ToolDefinition tool)
    {
        json.WriteStartArray("tools"u8);
        json.WriteStartObject();
        json.WriteStartArray("functionDeclarations"u8);
        json.WriteStartObject();
        json.WriteString("name"u8, tool.Name);
        json.WriteString("description"u8, tool.Description);
        json.WritePropertyName("parametersJsonSchema"u8);
        tool.Parameters.WriteTo(json);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("toolConfig"u8);
        json.WriteStartObject("functionCallingConfig"u8);
        json.WriteString("mode"u8, "ANY"u8);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void ReadCandidates(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterArray(ref reader))
            return;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("content"u8))
                    ReadContent(ref reader, capture);
                else if (reader.ValueTextEquals("finishReason"u8))
                {
                    if (ReadString(ref reader) is { } reason)
                        capture.OnFinish(reason);
                }
                else
                    SkipValue(ref reader);
            }
        }
    }

    private static void ReadContent(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("parts"u8))
            {
                SkipValue(ref reader);
                continue;
            }

            if (!EnterArray(ref reader))
                continue;
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                ReadPart(ref reader, capture);
        }
    }

    /// <summary>
    /// A part's <c>thought</c> flag may follow its text, so the part is scanned twice: once on a copy of the reader
    /// (a struct, no allocation) for the flag, then for the text.
    /// </summary>
    private static void ReadPart(ref Utf8JsonReader reader, StreamCapture capture)
    {
        Utf8JsonReader scan = reader;
        bool thought = false;
        while (NextProperty(ref scan))
        {
            if (scan.ValueTextEquals("thought"u8))
                thought = ReadBoolean(ref scan) ?? false;
            else
                SkipValue(ref scan);
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                capture.OnText(thought ? TextKind.Reasoning : TextKind.Answer, ref reader);
            }
            else if (reader.ValueTextEquals("functionCall"u8))
            {
                ReadFunctionCall(ref reader, capture);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    /// <summary>
    /// <c>functionCall: {name, args}</c>: Gemini sends a call whole, in one part, so its arguments never stream. The
    /// args object is kept as text (a tool call is rare enough to allocate for) and numbered by its order in the response.
    /// </summary>
    private static void ReadFunctionCall(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        string? name = null, arguments = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
                name = ReadString(ref reader);
            else if (reader.ValueTextEquals("args"u8))
                arguments = ReadRawText(ref reader);
            else
                SkipValue(ref reader);
        }

        capture.OnToolCall(capture.ToolCalls.Count, name, arguments ?? "{}");
    }

    /// <summary>A running total on every chunk: the latest replaces the earlier ones.</summary>
    private static void ReadUsage(ref Utf8JsonReader reader, StreamCapture capture)
    {
        if (!EnterObject(ref reader))
            return;
        int prompt = 0, candidates = 0, thoughts = 0, cached = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("promptTokenCount"u8))
                prompt = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("candidatesTokenCount"u8))
                candidates = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("thoughtsTokenCount"u8))
                thoughts = ReadInt(ref reader) ?? 0;
            else if (reader.ValueTextEquals("cachedContentTokenCount"u8))
                cached = ReadInt(ref reader) ?? 0;
            else
                SkipValue(ref reader);
        }

        // Thought tokens are billed as output and are not part of candidatesTokenCount.
        capture.OnUsage(new TokenUsage(prompt, cached, candidates + thoughts, thoughts == 0 ? null : thoughts, UsageSource.Reported));
    }
}
