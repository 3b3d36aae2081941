namespace SpeedKings.Bench.Loopback.Tasks;

/// <summary>
/// For formats that send a tool call's arguments as a JSON object, whole (Gemini's <c>args</c>, Ollama's
/// <c>arguments</c>): the arguments as they are when they are one complete JSON value, else <c>{}</c> — arguments cut
/// by max tokens are not JSON, and such a format cannot send half an object.
/// </summary>
internal static class WholeArguments
{
    public static ReadOnlySpan<byte> Of(ReadOnlySpan<byte> arguments)
    {
        var reader = new System.Text.Json.Utf8JsonReader(arguments);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read() ? arguments : "{}"u8;
        }
        catch (System.Text.Json.JsonException)
        {
            return "{}"u8;
        }
    }
}
