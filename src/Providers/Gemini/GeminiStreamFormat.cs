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
            WriteParts(json, request.User);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("generationConfig"u8);
            json.WriteNumber("maxOutputTokens"u8, request.MaxTokens);
            json.WriteEndObject();
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

    private static void WriteParts(Utf8JsonWriter json, string text)
    {
        json.WriteStartArray("parts"u8);
        json.WriteStartObject();
        json.WriteString("text"u8, text);
        json.WriteEndObject();
        json.WriteEndArray();
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
            else
            {
                SkipValue(ref reader);
            }
        }
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
