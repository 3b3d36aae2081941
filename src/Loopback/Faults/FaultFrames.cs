using System.Buffers;
using System.Text.Json;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Faults;

/// <summary>The broken bytes a fault sends, framed as the stream around them is (SSE events or NDJSON lines).</summary>
internal static class FaultFrames
{
    public const string ErrorMessage = "The server had an error while processing your request (loopback fault).";

    private const int LongLineBytes = 1024 * 1024;

    public static bool IsNdjson(ICompletionFraming framing) => framing.StreamContentType == "application/x-ndjson";

    /// <summary>A frame whose JSON stops half-way: no parser may read it as text.</summary>
    public static void WriteMalformed(IBufferWriter<byte> output, ICompletionFraming framing)
        => output.Write(IsNdjson(framing) ? "{\"message\":{\"content\":\"cut\n"u8 : "data: {\"choices\":[{\"delta\":{\"content\":\"cut\n\n"u8);

    /// <summary>One 1 MB line that carries no text: an SSE comment, or an NDJSON object with padding.</summary>
    public static void WriteLongLine(IBufferWriter<byte> output, ICompletionFraming framing)
    {
        bool ndjson = IsNdjson(framing);
        output.Write(ndjson ? "{\"padding\":\""u8 : ": "u8);
        Span<byte> fill = output.GetSpan(LongLineBytes)[..LongLineBytes];
        fill.Fill((byte)'x');
        output.Advance(LongLineBytes);
        output.Write(ndjson ? "\"}\n"u8 : "\n\n"u8);
    }

    /// <summary>An OpenAI-style error event inside the 200 stream, the default of <see cref="ICompletionFraming.WriteStreamError"/>.</summary>
    public static void WriteOpenAiStyleError(IBufferWriter<byte> output, string message)
    {
        output.Write("data: "u8);
        using (var json = new Utf8JsonWriter(output, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("error"u8);
            json.WriteString("message"u8, message);
            json.WriteString("type"u8, "server_error"u8);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }

    /// <summary>Replaces the first byte of the chunk's text in its frame with 0xFF, which no UTF-8 sequence contains.</summary>
    public static void CorruptText(Span<byte> frame, ReadOnlySpan<byte> text)
    {
        int at = text.IsEmpty ? -1 : frame.IndexOf(text);
        if (at >= 0)
            frame[at] = 0xFF;
    }
}
