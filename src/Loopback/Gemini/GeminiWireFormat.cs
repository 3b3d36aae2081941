using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Gemini;

/// <summary>
/// Gemini's native API: <c>POST {prefix}/models/{model}:streamGenerateContent?alt=sse</c> streams, <c>:generateContent</c>
/// answers whole. The model and the method come from the path; the prompt from <c>contents[].parts[].text</c> and
/// <c>systemInstruction</c>; the cap from <c>generationConfig.maxOutputTokens</c>.
/// </summary>
internal sealed class GeminiWireFormat(string profile) : IWireFormat
{
    public const string TargetRouteValue = "target";

    public string Profile => profile;

    public bool SimulatesModelLoad => false;

    public bool TryReadRequest(
        HttpContext http, JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        string target = http.Request.RouteValues[TargetRouteValue] as string ?? "";
        int colon = target.LastIndexOf(':');
        string model = colon > 0 ? target[..colon] : "";
        string method = colon > 0 ? target[(colon + 1)..] : "";
        bool stream = method == "streamGenerateContent";
        if (model.Length == 0 || !(stream || method == "generateContent"))
            return PromptText.Fail($"Expected models/{{model}}:streamGenerateContent or :generateContent, not '{target}'.", out error);
        if (stream && http.Request.Query["alt"] != "sse")
            return PromptText.Fail("The loopback streams Gemini responses as server-sent events only: add ?alt=sse.", out error);
        if (body.ValueKind != JsonValueKind.Object)
            return PromptText.Fail("The request body must be a JSON object.", out error);

        if (!TryCountParts(body, out long promptBytes, out error))
            return false;
        int? maxTokens = null;
        if (body.TryGetProperty("generationConfig", out JsonElement config) && config.ValueKind == JsonValueKind.Object
            && !PromptText.TryReadMaxTokens(config, "maxOutputTokens", out maxTokens, out error))
            return false;

        request = new CompletionRequest(model, CompletionRequest.ApproximatePromptTokens(promptBytes), stream, IncludeUsage: true, maxTokens);
        return true;
    }

    /// <summary><c>{"error":{"code":400,"message":…,"status":"INVALID_ARGUMENT"}}</c>.</summary>
    public Task WriteErrorAsync(HttpResponse response, int statusCode, string message)
        => ErrorBody.WriteAsync(response, statusCode, json =>
        {
            json.WriteStartObject("error");
            json.WriteNumber("code", statusCode);
            json.WriteString("message", message);
            json.WriteString("status", statusCode switch
            {
                StatusCodes.Status401Unauthorized => "UNAUTHENTICATED",
                StatusCodes.Status404NotFound => "NOT_FOUND",
                _ => "INVALID_ARGUMENT",
            });
            json.WriteEndObject();
        });

    public ICompletionFraming CreateFraming(in ResponseShape shape) => new GeminiStreamFraming(shape);

    private static bool TryCountParts(JsonElement body, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        if (!body.TryGetProperty("contents", out JsonElement contents) || contents.ValueKind != JsonValueKind.Array || contents.GetArrayLength() == 0)
            return PromptText.Fail("'contents' must be a non-empty array of content objects.", out error);
        foreach (JsonElement content in contents.EnumerateArray())
        {
            if (content.ValueKind != JsonValueKind.Object || !content.TryGetProperty("parts", out JsonElement parts) || !PromptText.TryCountContent(parts, ref bytes))
                return PromptText.Fail("Each of 'contents' must be an object with a 'parts' array.", out error);
        }

        if (body.TryGetProperty("systemInstruction", out JsonElement system) && system.ValueKind == JsonValueKind.Object
            && system.TryGetProperty("parts", out JsonElement systemParts))
            PromptText.TryCountContent(systemParts, ref bytes);
        error = null;
        return true;
    }
}
