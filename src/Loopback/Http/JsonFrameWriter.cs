using System.Buffers;
using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// One JSON writer per response, reset onto each frame's output: a frame costs no allocation. Also the SSE envelope
/// every streaming format shares: an optional <c>event:</c> line, <c>data: </c>, the JSON, and the blank line (LF or,
/// for Gemini, CRLF).
/// </summary>
internal sealed class JsonFrameWriter
{
    private Utf8JsonWriter? _json;

    /// <summary>A writer positioned at the start of <paramref name="output"/>.</summary>
    public Utf8JsonWriter Begin(IBufferWriter<byte> output)
    {
        if (_json is null)
            _json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        else
            _json.Reset(output);
        return _json;
    }

    /// <summary>Writes <c>event: name</c> (when named) and <c>data: </c>, and returns the writer for the event's JSON.</summary>
    public Utf8JsonWriter BeginEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> eventName = default)
    {
        if (!eventName.IsEmpty)
        {
            output.Write("event: "u8);
            output.Write(eventName);
            output.Write("\n"u8);
        }

        output.Write("data: "u8);
        return Begin(output);
    }

    /// <summary>Flushes the JSON and ends the event with <paramref name="separator"/> (<c>\n\n</c> unless the format says otherwise).</summary>
    public static void EndEvent(Utf8JsonWriter json, IBufferWriter<byte> output, ReadOnlySpan<byte> separator = default)
    {
        json.Flush();
        output.Write(separator.IsEmpty ? "\n\n"u8 : separator);
    }

    /// <summary>Flushes the JSON and ends the line: one NDJSON record.</summary>
    public static void EndLine(Utf8JsonWriter json, IBufferWriter<byte> output)
    {
        json.Flush();
        output.Write("\n"u8);
    }
}
