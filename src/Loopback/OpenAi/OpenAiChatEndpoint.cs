using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c>: reads the request, applies any <c>x-loopback-schedule</c> override, and hands the
/// rest to the format-agnostic <see cref="CompletionResponder"/> with OpenAI framing. Every response, errors included,
/// carries <c>x-request-id: lb-&lt;n&gt;</c>, the key into the ground truth.
/// </summary>
internal sealed class OpenAiChatEndpoint(ServerContext server, CompletionResponder responder)
{
    public const string ScheduleHeader = "x-loopback-schedule";

    public async Task HandleAsync(HttpContext http)
    {
        // First thing: the server-side t0 every deadline of this request is measured from.
        long received = Stopwatch.GetTimestamp();
        RequestIdentity identity = server.NextRequest(received);
        http.Response.Headers["x-request-id"] = identity.RequestId;

        EmissionSchedule schedule = server.Schedule;
        string? spec = http.Request.Headers[ScheduleHeader];
        if (!string.IsNullOrWhiteSpace(spec))
        {
            try
            {
                schedule = EmissionSchedule.Parse(spec, server.Schedule);
            }
            catch (FormatException e)
            {
                await OpenAiErrorResponse.WriteAsync(http.Response, StatusCodes.Status400BadRequest, $"Bad {ScheduleHeader} header: {e.Message}");
                return;
            }
        }

        (CompletionRequest? request, string? error) = await ReadRequestAsync(http);
        if (request is null)
        {
            await OpenAiErrorResponse.WriteAsync(http.Response, StatusCodes.Status400BadRequest, error ?? "The request is invalid.");
            return;
        }

        await responder.RespondAsync(http, identity, schedule, request, new OpenAiChatFraming(identity.RequestId, request.Model));
    }

    private static async Task<(CompletionRequest? Request, string? Error)> ReadRequestAsync(HttpContext http)
    {
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            return OpenAiChatRequestReader.TryRead(body.RootElement, out CompletionRequest? request, out string? error)
                ? (request, null)
                : (null, error);
        }
        catch (JsonException)
        {
            return (null, "We could not parse the JSON body of your request: it is not valid JSON.");
        }
    }
}
