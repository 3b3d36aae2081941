using System.Text;
using Microsoft.AspNetCore.Http;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// A constant JSON body for a route clients only use to open and warm connections (<c>GET /v1/models</c>, Ollama's
/// <c>/api/tags</c>): written with no work at all.
/// </summary>
internal sealed class ModelsEndpoint(string json)
{
    /// <summary>The model id the OpenAI-style lists name; any model id in a request is accepted and echoed.</summary>
    public const string DefaultModelId = "reference";

    public static readonly ModelsEndpoint OpenAiList = new(
        $$"""{"object":"list","data":[{"id":"{{DefaultModelId}}","object":"model","owned_by":"speedkings-loopback"}]}""");

    private readonly byte[] _body = Encoding.UTF8.GetBytes(json);

    public async Task HandleAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = _body.Length;
        await http.Response.Body.WriteAsync(_body, http.RequestAborted);
    }
}
