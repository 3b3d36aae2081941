using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// Counts the UTF-8 bytes of a request's prompt text, whichever way its format nests it: <c>messages[].content</c> as a
/// string or an array of parts with <c>text</c> (OpenAI, Anthropic, Cohere, Ollama), or <c>parts[].text</c> (Gemini).
/// The prompt-token figure reported back is derived from it.
/// </summary>
internal static class PromptText
{
    /// <summary>
    /// What every messages-style body has: an object with a non-empty <c>model</c>, a <c>messages</c> array and an
    /// optional <c>stream</c> flag (whose default differs: Ollama streams unless told not to).
    /// </summary>
    public static bool TryReadChat(
        JsonElement body, bool streamByDefault, [NotNullWhen(true)] out string? model, out long promptBytes, out bool stream, [NotNullWhen(false)] out string? error)
    {
        model = null;
        promptBytes = 0;
        stream = streamByDefault;
        if (body.ValueKind != JsonValueKind.Object)
            return Fail("The request body must be a JSON object.", out error);
        return TryReadName(body, "model", out model, out error)
            && TryCountMessages(body, "messages", out promptBytes, out error)
            && TryReadBoolean(body, "stream", streamByDefault, out stream, out error);
    }

    /// <summary>Bytes of every message's content; the error is one sentence naming the bad field.</summary>
    public static bool TryCountMessages(JsonElement root, string property, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        if (!root.TryGetProperty(property, out JsonElement messages) || messages.ValueKind != JsonValueKind.Array
            || messages.GetArrayLength() == 0)
            return Fail($"'{property}' must be a non-empty array of message objects.", out error);

        int index = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
                return Fail($"'{property}[{index}]' must be an object.", out error);
            if (message.TryGetProperty("content", out JsonElement content) && !TryCountContent(content, ref bytes))
                return Fail($"'{property}[{index}].content' must be a string, an array of content parts or null.", out error);
            index++;
        }

        error = null;
        return true;
    }

    /// <summary>Bytes of a content value: a string, an array of parts with <c>text</c>, or null.</summary>
    public static bool TryCountContent(JsonElement content, ref long bytes)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                bytes += Encoding.UTF8.GetByteCount(content.GetString()!);
                return true;
            case JsonValueKind.Array:
                foreach (JsonElement part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
                        bytes += Encoding.UTF8.GetByteCount(text.GetString()!);
                }

                return true;
            case JsonValueKind.Null:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads an optional boolean; the error names the field.</summary>
    public static bool TryReadBoolean(JsonElement owner, string name, bool fallback, out bool value, [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (!owner.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
            return true;
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = element.GetBoolean();
            return true;
        }

        return Fail($"'{name}' must be a boolean.", out error);
    }

    /// <summary>Reads an optional positive token cap within what the loopback can emit.</summary>
    public static bool TryReadMaxTokens(JsonElement owner, string name, out int? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!owner.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
            return true;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long tokens) || tokens < 1)
            return Fail($"'{name}' must be a positive integer.", out error);
        if (tokens > Emission.OutputLength.MostTokens)
            return Fail($"'{name}' is too large: {tokens}. The loopback reference supports at most {Emission.OutputLength.MostTokens} output tokens.", out error);
        value = (int)tokens;
        return true;
    }

    /// <summary>A required non-empty string such as the model id.</summary>
    public static bool TryReadName(JsonElement owner, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        if (owner.TryGetProperty(name, out JsonElement element) && element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text)
        {
            value = text;
            error = null;
            return true;
        }

        value = null;
        return Fail($"'{name}' must be a non-empty string.", out error);
    }

    public static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
