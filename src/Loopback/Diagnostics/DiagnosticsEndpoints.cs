using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Diagnostics;

/// <summary>
/// <c>GET /_loopback/ground-truth/{id}</c> and <c>GET /_loopback/schedule</c>: the server's own record and settings,
/// for tools that cannot reach <see cref="LoopbackServer.GroundTruth"/> in process.
/// </summary>
internal sealed class DiagnosticsEndpoints(ServerContext server)
{
    public const string GroundTruthRoute = "/_loopback/ground-truth/{id}";
    public const string ScheduleRoute = "/_loopback/schedule";

    public async Task GroundTruthAsync(HttpContext http)
    {
        string? id = http.Request.RouteValues["id"] as string;
        if (id is null || !server.GroundTruth.TryGet(id, out RequestGroundTruth? truth))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await WriteJsonAsync(http, json =>
            {
                json.WriteStartObject();
                json.WriteString("error", $"No ground truth for request '{id}': unknown, not finished, or evicted.");
                json.WriteEndObject();
            });
            return;
        }

        await WriteJsonAsync(http, json => DiagnosticsJson.WriteGroundTruth(json, truth));
    }

    /// <summary><c>GET /metrics</c>: the Prometheus text format.</summary>
    public Task MetricsAsync(HttpContext http)
    {
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return http.Response.WriteAsync(server.Metrics.Exposition(), http.RequestAborted);
    }

    public Task ScheduleAsync(HttpContext http) => WriteJsonAsync(http, json => DiagnosticsJson.WriteSchedule(json, server.Schedule));

    private static async Task WriteJsonAsync(HttpContext http, Action<Utf8JsonWriter> write)
    {
        http.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions))
            write(json);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
