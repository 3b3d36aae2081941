using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// One route's wire format: how its request body reads, how its errors look, and its framing. Everything else about
/// serving a request (ids, schedule header, pacing, ground truth) is shared in <see cref="CompletionEndpoint"/>.
/// </summary>
internal interface IWireFormat
{
    /// <summary>The profile name recorded in ground truth (<c>cerebras</c>, <c>anthropic</c>, …).</summary>
    string Profile { get; }

    /// <summary>Whether the first request of each model pays the schedule's model load (local engines).</summary>
    bool SimulatesModelLoad { get; }

    /// <summary>Reads the body (and, for Gemini, the route). The error is one sentence for a 400.</summary>
    bool TryReadRequest(
        HttpContext http, JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error);

    /// <summary>Writes the format's own error body.</summary>
    Task WriteErrorAsync(HttpResponse response, int statusCode, string message);

    ICompletionFraming CreateFraming(in ResponseShape shape);
}
