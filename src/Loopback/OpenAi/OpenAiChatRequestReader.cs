using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using SpeedKings.Bench.Loopback.Emission;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// Reads the fields of an OpenAI chat completions body the server acts on (model, messages, stream,
/// stream_options.include_usage, max_completion_tokens / max_tokens) and ignores the rest, as a real endpoint ignores
/// sampling parameters it does not need to check. Wrong types are refused with one sentence, as OpenAI does.
/// </summary>
internal static class OpenAiChatRequestReader
{
    public static bool TryRead(
        JsonElement root, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (root.ValueKind != JsonValueKind.Object)
            return Fail("The request body must be a JSON object.", out error);

        if (!root.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.String
            || model.GetString() is not { Length: > 0 } modelId)
            return Fail("You must provide a model parameter: 'model' must be a non-empty string.", out error);

        if (!TryCountMessageBytes(root, out long promptBytes, out error))
            return false;

        if (!TryReadBoolean(root, "stream", out bool stream, out error))
            return false;

        bool includeUsage = false;
        if (root.TryGetProperty("stream_options", out JsonElement options) && options.ValueKind != JsonValueKind.Null)
        {
            if (options.ValueKind != JsonValueKind.Object)
                return Fail("'stream_options' must be an object.", out error);
            if (!TryReadBoolean(options, "include_usage", out includeUsage, out error))
                return false;
        }

        // max_completion_tokens is the current name; max_tokens the older one still sent by many clients.
        if (!TryReadMaxTokens(root, "max_completion_tokens", out int? maxTokens, out error)
            || (maxTokens is null && !TryReadMaxTokens(root, "max_tokens", out maxTokens, out error)))
            return false;

        request = new CompletionRequest(
            modelId, CompletionRequest.ApproximatePromptTokens(promptBytes), stream, includeUsage, maxTokens);
        error = null;
        return true;
    }

    /// <summary>UTF-8 bytes of every message's text: a string content, or the text of each part of an array content.</summary>
    private static bool TryCountMessageBytes(JsonElement root, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        if (!root.TryGetProperty("messages", out JsonElement messages) || messages.ValueKind != JsonValueKind.Array
            || messages.GetArrayLength() == 0)
            return Fail("'messages' must be a non-empty array of message objects.", out error);

        int index = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
                return Fail($"'messages[{index}]' must be an object.", out error);

            if (message.TryGetProperty("content", out JsonElement content))
            {
                switch (content.ValueKind)
                {
                    case JsonValueKind.String:
                        bytes += Encoding.UTF8.GetByteCount(content.GetString()!);
                        break;
                    case JsonValueKind.Array:
                        foreach (JsonElement part in content.EnumerateArray())
                        {
                            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out JsonElement text)
                                && text.ValueKind == JsonValueKind.String)
                                bytes += Encoding.UTF8.GetByteCount(text.GetString()!);
                        }

                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return Fail($"'messages[{index}].content' must be a string, an array of content parts or null.", out error);
                }
            }

            index++;
        }

        error = null;
        return true;
    }

    private static bool TryReadBoolean(JsonElement owner, string name, out bool value, [NotNullWhen(false)] out string? error)
    {
        value = false;
        error = null;
        if (!owner.TryGetProperty(name, out JsonElement element))
            return true;

        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False or JsonValueKind.Null:
                return true;
            default:
                return Fail($"'{name}' must be a boolean.", out error);
        }
    }

    private static bool TryReadMaxTokens(JsonElement root, string name, out int? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
            return true;

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long tokens) || tokens < 1)
            return Fail($"'{name}' must be a positive integer.", out error);
        if (tokens > OutputLength.MostTokens)
            return Fail($"'{name}' is too large: {tokens}. The loopback reference supports at most {OutputLength.MostTokens} completion tokens.", out error);

        value = (int)tokens;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
