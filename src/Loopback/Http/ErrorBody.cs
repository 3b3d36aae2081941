using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>Writes a format's JSON error body with its status: each format only says what the object holds.</summary>
internal static class ErrorBody
{
    public static async Task WriteAsync(HttpResponse response, int statusCode, Action<Utf8JsonWriter> writeObject)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(response.BodyWriter, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            writeObject(json);
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(response.HttpContext.RequestAborted);
    }
}
