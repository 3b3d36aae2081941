using System.Buffers;
using System.Text.Json;

namespace SpeedKings.Bench.Providers.Contract;

/// <summary>Request-body writing shared by the formats that take a role/content message list.</summary>
internal static class ChatJson
{
    /// <summary>Writes a request body with <paramref name="write"/> and returns its bytes (built before the clock starts).</summary>
    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>"messages": [ {"role":"system",…}?, {"role":"user",…} ]</c>.</summary>
    public static void WriteMessages(Utf8JsonWriter json, ChatRequest request, bool includeSystem = true)
    {
        json.WriteStartArray("messages"u8);
        if (includeSystem && request.System is { } system)
            WriteMessage(json, "system", system);
        WriteMessage(json, "user", request.User);
        json.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, role);
        json.WriteString("content"u8, content);
        json.WriteEndObject();
    }
}
