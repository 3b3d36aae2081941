using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>Reads the properties of one JSON object frame; the reader is inside the object.</summary>
public delegate FrameResult JsonFrameBody(ref Utf8JsonReader reader, StreamCapture capture);

/// <summary>
/// What every JSON wire format does with a frame: open it as an object, hand its properties to the format, and turn
/// malformed JSON into a protocol failure instead of an exception. A failure reported by the format ends the stream.
/// </summary>
internal static class JsonFrame
{
    public static FrameResult Read(ReadOnlySpan<byte> data, StreamCapture capture, JsonFrameBody body)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                capture.OnFailure(FailureKind.Protocol, "a stream frame was not a JSON object");
                return FrameResult.EndOfStream;
            }

            FrameResult result = body(ref reader, capture);
            return capture.Failure is null ? result : FrameResult.EndOfStream;
        }
        catch (JsonException)
        {
            capture.OnFailure(FailureKind.Protocol, "a stream frame was not valid JSON");
            return FrameResult.EndOfStream;
        }
        catch (InvalidOperationException e) when (IsBadText(e))
        {
            ReportBadText(capture);
            return FrameResult.EndOfStream;
        }
    }

    /// <summary>
    /// Well-formed JSON whose text is not Unicode — bytes that are not UTF-8, or an escaped lone surrogate such as
    /// <c>\ude00</c>: the reader only finds out when the text is copied, and says so with this exception.
    /// </summary>
    public static bool IsBadText(InvalidOperationException e) =>
        e.InnerException is System.Text.DecoderFallbackException || e.TargetSite?.DeclaringType?.Assembly == typeof(Utf8JsonReader).Assembly;

    public static void ReportBadText(StreamCapture capture) =>
        capture.OnFailure(FailureKind.Protocol, "a stream frame carried text that is not valid Unicode (bytes that are not UTF-8, or a lone surrogate)");

    /// <summary>
    /// The message of a provider's error body: <c>{"error":{"message":…}}</c> (OpenAI family, Anthropic, Gemini),
    /// <c>{"error":"…"}</c> (Ollama) or <c>{"message":…}</c> at the top level (Cerebras, Cohere, older vLLM).
    /// </summary>
    public static string? ReadErrorMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            string? topLevel = null;
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("error"u8))
                    return JsonReading.ReadErrorValue(ref reader);
                if (reader.ValueTextEquals("message"u8))
                    topLevel = JsonReading.ReadString(ref reader);
                else
                    JsonReading.SkipValue(ref reader);
            }

            return topLevel;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reports an error found inside a 200 stream; a JSON null there means "no error".</summary>
    public static void ReportStreamError(ref Utf8JsonReader reader, StreamCapture capture, FailureKind kind = FailureKind.Server)
    {
        if (JsonReading.ReadErrorValue(ref reader) is { } message)
            capture.OnFailure(kind, $"the provider reported an error inside the stream: {message}");
    }
}
