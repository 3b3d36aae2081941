using System.Text;
using Microsoft.AspNetCore.Http;

namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// <c>GET /v1/models</c>: the one model the server answers as. Clients use it to open and warm connections, so it is a
/// constant body written with no work at all.
/// </summary>
internal static class OpenAiModelsEndpoint
{
    /// <summary>The model id the server lists; any model id in a request is accepted and echoed.</summary>
    public const string DefaultModelId = "reference";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        $$"""{"object":"list","data":[{"id":"{{DefaultModelId}}","object":"model","owned_by":"speedkings-loopback"}]}""");

    public static async Task HandleAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = Body.Length;
        await http.Response.Body.WriteAsync(Body, http.RequestAborted);
    }
}
