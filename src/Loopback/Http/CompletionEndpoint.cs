using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Faults;
using SpeedKings.Bench.Loopback.Profiles;
using SpeedKings.Bench.Loopback.Tasks;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// A completion route of any wire format: numbers the request, applies any <c>x-loopback-schedule</c> override, reads
/// the body with the format's reader, and hands the rest to the format-agnostic <see cref="CompletionResponder"/>. Every
/// response, errors included, carries <c>x-request-id: lb-&lt;n&gt;</c>, the key into the ground truth.
/// </summary>
internal sealed class CompletionEndpoint(
    ServerContext server, CompletionResponder responder, IWireFormat format, string? profileSchedule = null, string? profileFault = null,
    ProfileExpectations? expects = null)
{
    public const string ScheduleHeader = ScheduleOverride.Header;

    /// <summary>A model id starting with this is "not found", so clients can be seen to pass the provider's message on.</summary>
    public const string MissingModelPrefix = "missing-";

    // What the imitated provider checks before serving: its auth header, required headers, its max-tokens field.
    private readonly ProfileGate _gate = new(expects ?? ProfileExpectations.Lenient);

    // The profile's settings over the server's, once: a request's header merges over this.
    private readonly EmissionSchedule _schedule = profileSchedule is null ? server.Schedule : EmissionSchedule.Parse(profileSchedule, server.Schedule);

    public async Task HandleAsync(HttpContext http)
    {
        // First thing: the server-side t0 every deadline of this request is measured from.
        long received = Stopwatch.GetTimestamp();
        RequestIdentity identity = server.NextRequest(received);
        http.Response.Headers["x-request-id"] = identity.RequestId;

        LoopbackFault? fault;
        try
        {
            fault = server.Faults.Select(http, identity.RequestId, profileFault);
        }
        catch (FormatException e)
        {
            await format.WriteErrorAsync(http.Response, StatusCodes.Status400BadRequest, e.Message);
            return;
        }

        if (fault is not null && await FaultResponses.AnswerBeforeStreamAsync(http, fault, format))
            return;

        if (_gate.CheckHeaders(http.Request.Headers) is (int status, string refusal))
        {
            await format.WriteErrorAsync(http.Response, status, refusal);
            return;
        }

        if (!ScheduleOverride.TryApply(http.Request, _schedule, out EmissionSchedule schedule, out string? badHeader))
        {
            await format.WriteErrorAsync(http.Response, StatusCodes.Status400BadRequest, badHeader!);
            return;
        }

        (CompletionRequest? request, string? error) = await ReadRequestAsync(http);
        if (request is null)
        {
            await format.WriteErrorAsync(http.Response, StatusCodes.Status400BadRequest, error ?? "The request is invalid.");
            return;
        }

        if (request.Model.StartsWith(MissingModelPrefix, StringComparison.Ordinal))
        {
            await format.WriteErrorAsync(http.Response, StatusCodes.Status404NotFound, $"The model '{request.Model}' does not exist or you do not have access to it.");
            return;
        }

        if (format.SimulatesModelLoad)
            request = request with { ModelLoad = server.ClaimModelLoad(request.Model, schedule.ModelLoad) };

        await responder.RespondAsync(http, identity, schedule, request, format, fault);
    }

    private async Task<(CompletionRequest? Request, string? Error)> ReadRequestAsync(HttpContext http)
    {
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            if (_gate.CheckBody(body.RootElement) is (_, string refusal))
                return (null, refusal);
            if (!format.TryReadRequest(http, body.RootElement, out CompletionRequest? request, out string? error))
                return (null, error);
            (RequestedOutput? output, int images, int imageTokens) = TaskRequest.Read(body.RootElement);
            return (request with { Output = output, Images = images, ImageTokens = imageTokens, PromptTokens = request.PromptTokens + imageTokens }, null);
        }
        catch (JsonException)
        {
            return (null, "We could not parse the JSON body of your request: it is not valid JSON.");
        }
    }
}
