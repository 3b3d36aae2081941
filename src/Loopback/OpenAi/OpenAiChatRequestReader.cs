using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
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
            return PromptText.Fail("The request body must be a JSON object.", out error);

        if (!root.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.String
            || model.GetString() is not { Length: > 0 } modelId)
            return PromptText.Fail("You must provide a model parameter: 'model' must be a non-empty string.", out error);

        if (!PromptText.TryCountMessages(root, "messages", out long promptBytes, out error)
            || !PromptText.TryReadBoolean(root, "stream", fallback: false, out bool stream, out error))
            return false;

        bool includeUsage = false;
        if (root.TryGetProperty("stream_options", out JsonElement options) && options.ValueKind != JsonValueKind.Null)
        {
            if (options.ValueKind != JsonValueKind.Object)
                return PromptText.Fail("'stream_options' must be an object.", out error);
            if (!PromptText.TryReadBoolean(options, "include_usage", fallback: false, out includeUsage, out error))
                return false;
        }

        // max_completion_tokens is the current name; max_tokens the older one still sent by many clients.
        if (!PromptText.TryReadMaxTokens(root, "max_completion_tokens", out int? maxTokens, out error)
            || (maxTokens is null && !PromptText.TryReadMaxTokens(root, "max_tokens", out maxTokens, out error)))
            return false;

        var hash = new HashCode();
        ReadOnlySpan<byte> messages = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(root.GetProperty("messages"));
        hash.AddBytes(messages);
        int promptTokens = CompletionRequest.ApproximatePromptTokens(promptBytes);
        request = new CompletionRequest(modelId, promptTokens, stream, includeUsage, maxTokens)
        {
            PromptHash = hash.ToHashCode(),
            CacheablePrompt = CompletionRequest.Cacheable(messages, promptTokens), // OpenAI-compatible providers cache on their own
        };
        error = null;
        return true;
    }
}
