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
        json.WriteString("profile", truth.Profile);
        json.WriteNumber("reasoningTokens", truth.ReasoningTokens);
        json.WriteNumber("modelLoadMs", truth.ModelLoad.TotalMilliseconds);
        if (truth.ReportedUsage is { } usage)
        {
            json.WriteStartObject("reportedUsage");
            json.WriteNumber("promptTokens", usage.PromptTokens);
            json.WriteNumber("outputTokens", usage.OutputTokens);
            WriteOptional(json, "cachedPromptTokens", usage.CachedPromptTokens);
            WriteOptional(json, "reasoningTokens", usage.ReasoningTokens);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("reportedUsage");
        }

        // Keyed by JSON path as sent, in the unit the format uses.
        json.WriteStartObject("serverTimings");
        foreach ((string path, double value) in truth.ServerTimings)
            json.WriteNumber(path, value);
        json.WriteEndObject();
        if (truth.ReportedCostUsd is { } cost)
            json.WriteNumber("reportedCostUsd", cost);
        else
            json.WriteNull("reportedCostUsd");
        json.WritePropertyName("schedule");
        WriteSchedule(json, truth.Schedule);
        json.WriteStartArray("textChunks");
        foreach (ChunkWrite chunk in truth.TextChunks)
        {
            json.WriteStartObject();
            json.WriteNumber("timestamp", chunk.Timestamp);
            json.WriteNumber("tokens", chunk.Tokens);
            json.WriteNumber("textChars", chunk.TextChars);
            json.WriteBoolean("reasoning", chunk.Reasoning);
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
        json.WriteNumber("reasoningTokens", schedule.ReasoningTokens);
        json.WriteNumber("modelLoadMs", schedule.ModelLoad.TotalMilliseconds);
        json.WriteString("spec", schedule.ToSpec());
        json.WriteString("description", schedule.Describe());
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
            json.WriteNumber(name, number);
        else
            json.WriteNull(name);
    }
}
