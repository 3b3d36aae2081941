using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Anthropic;

/// <summary>
/// Anthropic Messages, <c>POST {prefix}/messages</c>: <c>max_tokens</c> is required, the system prompt is a field of
/// its own (a string or text blocks), and a message's content is a string or an array of blocks.
/// </summary>
internal sealed class AnthropicWireFormat(string profile) : IWireFormat
{
    public string Profile => profile;

    public bool SimulatesModelLoad => false;

    public bool TryReadRequest(
        HttpContext http, JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!PromptText.TryReadChat(body, streamByDefault: false, out string? model, out long promptBytes, out bool stream, out error)
            || !PromptText.TryReadMaxTokens(body, "max_tokens", out int? maxTokens, out error))
            return false;
        if (maxTokens is null)
            return PromptText.Fail("max_tokens: Field required", out error);
        if (body.TryGetProperty("system", out JsonElement system) && !PromptText.TryCountContent(system, ref promptBytes))
            return PromptText.Fail("'system' must be a string or an array of text blocks.", out error);

        int promptTokens = CompletionRequest.ApproximatePromptTokens(promptBytes);
        // Anthropic caches only what a request marks with cache_control: the prefix up to and including that block.
        ReadOnlySpan<byte> messages = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(body.GetProperty("messages"));
        bool marked = messages.IndexOf("\"cache_control\""u8) >= 0;
        request = new CompletionRequest(model, promptTokens, stream, IncludeUsage: true, maxTokens)
        {
            CacheablePrompt = marked ? CompletionRequest.Cacheable(messages, promptTokens) : ReadOnlyMemory<byte>.Empty,
        };
        return true;
    }

    /// <summary><c>{"type":"error","error":{"type":"invalid_request_error","message":…}}</c>.</summary>
    public Task WriteErrorAsync(HttpResponse response, int statusCode, string message)
        => ErrorBody.WriteAsync(response, statusCode, json =>
        {
            json.WriteString("type", "error");
            json.WriteStartObject("error");
            json.WriteString("type", statusCode switch
            {
                StatusCodes.Status401Unauthorized => "authentication_error",
                StatusCodes.Status404NotFound => "not_found_error",
                _ => "invalid_request_error",
            });
            json.WriteString("message", message);
            json.WriteEndObject();
        });

    public ICompletionFraming CreateFraming(in ResponseShape shape) => new AnthropicMessagesFraming(shape);
}
