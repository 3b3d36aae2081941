using System.Diagnostics;
using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Diagnostics;

/// <summary>
/// JSON for the <c>/_loopback/…</c> endpoints, written by hand so the shape is explicit (TTFT in milliseconds, raw
/// Stopwatch timestamps with the frequency needed to read them) and no reflection-based serializer is involved.
/// </summary>
internal static class DiagnosticsJson
{
    public static void WriteGroundTruth(Utf8JsonWriter json, RequestGroundTruth truth)
    {
        json.WriteStartObject();
        json.WriteString("requestId", truth.RequestId);
        json.WriteNumber("stopwatchFrequency", Stopwatch.Frequency);
        json.WriteNumber("receivedTimestamp", truth.ReceivedTimestamp);
        json.WriteNumber("headersFlushedTimestamp", truth.HeadersFlushedTimestamp);
        json.WriteNumber("promptTokens", truth.PromptTokens);
        json.WriteNumber("outputTokens", truth.OutputTokens);
        json.WriteBoolean("streamed", truth.Streamed);
        json.WriteBoolean("completed", truth.Completed);
        json.WritePropertyName("schedule");
        WriteSchedule(json, truth.Schedule);
        json.WriteStartArray("textChunks");
        foreach (ChunkWrite chunk in truth.TextChunks)
        {
            json.WriteStartObject();
            json.WriteNumber("timestamp", chunk.Timestamp);
            json.WriteNumber("tokens", chunk.Tokens);
            json.WriteNumber("textChars", chunk.TextChars);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteSchedule(Utf8JsonWriter json, EmissionSchedule schedule)
    {
        json.WriteStartObject();
        json.WriteNumber("timeToFirstTokenMs", schedule.TimeToFirstToken.TotalMilliseconds);
        json.WriteNumber("tokensPerSecond", schedule.TokensPerSecond);
        json.WriteNumber("tokensPerChunk", schedule.TokensPerChunk);
        if (schedule.OutputTokens is { } tokens)
            json.WriteNumber("outputTokens", tokens);
        else
            json.WriteNull("outputTokens");
        json.WriteNumber("jitter", schedule.Jitter);
        json.WriteNumber("seed", schedule.Seed);
        json.WriteString("spec", schedule.ToSpec());
        json.WriteString("description", schedule.Describe());
        json.WriteEndObject();
    }
}
