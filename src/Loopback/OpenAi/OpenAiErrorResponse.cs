using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// OpenAI's error body, <c>{"error":{"message":…,"type":…,"param":null,"code":null}}</c>, or the same fields with no
/// wrapper where a provider sends them bare (Cerebras).
/// </summary>
internal static class OpenAiErrorResponse
{
    public static Task WriteAsync(HttpResponse response, int statusCode, string message, ErrorBodyStyle style = ErrorBodyStyle.Wrapped)
        => ErrorBody.WriteAsync(response, statusCode, json =>
        {
            if (style == ErrorBodyStyle.Wrapped)
                json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", statusCode == StatusCodes.Status404NotFound ? "not_found_error" : "invalid_request_error");
            json.WriteNull("param");
            json.WriteNull("code");
            if (style == ErrorBodyStyle.Wrapped)
                json.WriteEndObject();
        });
}
