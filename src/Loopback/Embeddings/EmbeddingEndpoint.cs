using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;
using SpeedKings.Bench.Loopback.Profiles;
using SpeedKings.Bench.Loopback.Timing;

namespace SpeedKings.Bench.Loopback.Embeddings;

/// <summary>
/// An embedding route: one whole JSON response, written when the schedule says — TTFT after the request arrived, plus
/// the prefill time of its input tokens when the schedule has a prefill rate — holding one vector of the schedule's
/// <c>dims</c> per text. Input tokens are the same four-bytes-per-token approximation the chat routes report. The
/// ground truth keeps the write time, the texts counted and the dimensions.
/// </summary>
internal sealed class EmbeddingEndpoint(ServerContext server, EmbeddingDialect dialect, string profile, string? profileSchedule = null, ProfileExpectations? expects = null)
{
    /// <summary>The Gemini route's model: <c>models/{model}:batchEmbedContents</c>.</summary>
    public const string ModelRouteValue = "model";

    private readonly ProfileGate _gate = new(expects ?? ProfileExpectations.Lenient);
    private readonly EmissionSchedule _schedule = profileSchedule is null ? server.Schedule : EmissionSchedule.Parse(profileSchedule, server.Schedule);

    public async Task HandleAsync(HttpContext http)
    {
        long received = Stopwatch.GetTimestamp();
        RequestIdentity identity = server.NextRequest(received);
        http.Response.Headers["x-request-id"] = identity.RequestId;
        if (_gate.CheckHeaders(http.Request.Headers) is (int status, string refusal))
        {
            await ErrorAsync(http.Response, status, refusal);
            return;
        }

        if (!ScheduleOverride.TryApply(http.Request, _schedule, out EmissionSchedule schedule, out string? badHeader))
        {
            await ErrorAsync(http.Response, StatusCodes.Status400BadRequest, badHeader!);
            return;
        }

        string model;
        List<string> inputs;
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            if (!EmbeddingRequestReader.TryRead(dialect, body.RootElement, http.Request.RouteValues[ModelRouteValue] as string, out model, out inputs, out string? error))
            {
                await ErrorAsync(http.Response, StatusCodes.Status400BadRequest, error!);
                return;
            }
        }
        catch (JsonException)
        {
            await ErrorAsync(http.Response, StatusCodes.Status400BadRequest, "We could not parse the JSON body of your request: it is not valid JSON.");
            return;
        }

        int tokens = inputs.Sum(text => CompletionRequest.ApproximatePromptTokens(Encoding.UTF8.GetByteCount(text)));
        int dimensions = schedule.EmbeddingDimensions;
        using var response = new PooledBufferWriter((inputs.Count * dimensions * 10) + 256);
        Write(response, inputs.Count, dimensions, tokens, model, schedule.Seed + identity.Sequence);

        long deadline = received + (long)((schedule.TimeToFirstToken + schedule.PrefillTime(tokens)).TotalSeconds * Stopwatch.Frequency);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, server.Stopping);
        var truth = new RequestGroundTruth
        {
            RequestId = identity.RequestId,
            ConnectionId = http.Connection.Id,
            ReceivedTimestamp = received,
            PromptTokens = tokens,
            Model = model,
            Schedule = schedule,
            Profile = profile,
            Inputs = inputs.Count,
            EmbeddingDimensions = dimensions,
            ReportedUsage = dialect == EmbeddingDialect.Gemini ? null : new ReportedUsage(tokens, 0, null, null),
        };
        try
        {
            using var waiter = new PacedWaiter(server.Pacer, lifetime.Token);
            await waiter.WaitUntilAsync(deadline);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = response.WrittenCount;
            long written = Stopwatch.GetTimestamp();
            http.Response.BodyWriter.Write(response.WrittenSpan);
            server.Record(truth with { HeadersFlushedTimestamp = written, TextChunks = [new ChunkWrite(written, 0, response.WrittenCount)], Completed = true });
            await http.Response.BodyWriter.FlushAsync(lifetime.Token);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            http.Abort();
        }
    }

    /// <summary>The body in the route's dialect; values are seeded per request, so a rerun returns the same vectors.</summary>
    private void Write(IBufferWriter<byte> output, int count, int dimensions, int tokens, string model, int seed)
    {
        var random = new Random(seed);
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        switch (dialect)
        {
            case EmbeddingDialect.OpenAi:
                json.WriteString("object"u8, "list"u8);
                json.WriteStartArray("data"u8);
                for (int i = 0; i < count; i++)
                {
                    json.WriteStartObject();
                    json.WriteString("object"u8, "embedding"u8);
                    json.WriteNumber("index"u8, i);
                    json.WritePropertyName("embedding"u8);
                    WriteVector(json, random, dimensions);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("model"u8, model);
                json.WriteStartObject("usage"u8);
                json.WriteNumber("prompt_tokens"u8, tokens);
                json.WriteNumber("total_tokens"u8, tokens);
                json.WriteEndObject();
                break;
            case EmbeddingDialect.Ollama:
                json.WriteString("model"u8, model);
                json.WriteStartArray("embeddings"u8);
                for (int i = 0; i < count; i++)
                    WriteVector(json, random, dimensions);
                json.WriteEndArray();
                json.WriteNumber("prompt_eval_count"u8, tokens);
                break;
            case EmbeddingDialect.Cohere:
                json.WriteString("id"u8, Guid.NewGuid().ToString());
                json.WriteStartObject("embeddings"u8);
                json.WriteStartArray("float"u8);
                for (int i = 0; i < count; i++)
                    WriteVector(json, random, dimensions);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteStartObject("meta"u8);
                json.WriteStartObject("billed_units"u8);
                json.WriteNumber("input_tokens"u8, tokens);
                json.WriteEndObject();
                json.WriteEndObject();
                break;
            case EmbeddingDialect.Gemini:
                json.WriteStartArray("embeddings"u8);
                for (int i = 0; i < count; i++)
                {
                    json.WriteStartObject();
                    json.WritePropertyName("values"u8);
                    WriteVector(json, random, dimensions);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
        }

        json.WriteEndObject();
    }

    private static void WriteVector(Utf8JsonWriter json, Random random, int dimensions)
    {
        json.WriteStartArray();
        for (int d = 0; d < dimensions; d++)
            json.WriteNumberValue(Math.Round((random.NextDouble() * 2) - 1, 6));
        json.WriteEndArray();
    }

    private static Task ErrorAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        return response.WriteAsJsonAsync(new { error = new { message, type = "invalid_request_error" } });
    }
}
