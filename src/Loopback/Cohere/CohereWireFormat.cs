using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Cohere;

/// <summary>Cohere's v2 chat, <c>POST {prefix}/chat</c>: model, messages, <c>max_tokens</c>, <c>stream</c>.</summary>
internal sealed class CohereWireFormat(string profile) : IWireFormat
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

        request = new CompletionRequest(model, CompletionRequest.ApproximatePromptTokens(promptBytes), stream, IncludeUsage: true, maxTokens);
        return true;
    }

    /// <summary>Cohere's error body: <c>{"message":"…"}</c>.</summary>
    public Task WriteErrorAsync(HttpResponse response, int statusCode, string message)
        => ErrorBody.WriteAsync(response, statusCode, json => json.WriteString("message", message));

    public ICompletionFraming CreateFraming(in ResponseShape shape) => new CohereChatFraming(shape);
}
