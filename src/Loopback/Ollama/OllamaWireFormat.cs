using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Ollama;

/// <summary>
/// Ollama's native <c>POST {prefix}/api/chat</c>: one JSON object per line. <c>stream</c> is on unless the request
/// turns it off, <c>options.num_predict</c> caps the output (−1: no cap), and the first request for each model pays
/// the schedule's model load, as a local engine loading weights does.
/// </summary>
internal sealed class OllamaWireFormat(string profile) : IWireFormat
{
    public string Profile => profile;

    public bool SimulatesModelLoad => true;

    public bool TryReadRequest(
        HttpContext http, JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!PromptText.TryReadChat(body, streamByDefault: true, out string? model, out long promptBytes, out bool stream, out error))
            return false;

        int? maxTokens = null;
        if (body.TryGetProperty("options", out JsonElement options) && options.ValueKind == JsonValueKind.Object)
        {
            bool unlimited = options.TryGetProperty("num_predict", out JsonElement cap) && cap.ValueKind == JsonValueKind.Number
                && cap.TryGetInt64(out long value) && value < 0;
            if (!unlimited && !PromptText.TryReadMaxTokens(options, "num_predict", out maxTokens, out error))
                return false;
        }

        request = new CompletionRequest(model, CompletionRequest.ApproximatePromptTokens(promptBytes), stream, IncludeUsage: true, maxTokens);
        return true;
    }

    /// <summary>Ollama's error body: <c>{"error":"…"}</c>.</summary>
    public Task WriteErrorAsync(HttpResponse response, int statusCode, string message)
        => ErrorBody.WriteAsync(response, statusCode, json => json.WriteString("error", message));

    public ICompletionFraming CreateFraming(in ResponseShape shape) => new OllamaChatFraming(shape);
}
