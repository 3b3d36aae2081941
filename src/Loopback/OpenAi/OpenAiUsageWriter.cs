using System.Text.Json;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// Writes an OpenAI-family response's usage and server timings in its dialect, noting in the <see cref="ServerReport"/>
/// every figure exactly as written. Timings come from what the server actually did (<see cref="CompletionOutcome"/>),
/// so a provider's self-reported numbers in the loopback are true, as a client comparing them would want.
/// </summary>
internal readonly struct OpenAiUsageWriter(OpenAiDialect dialect, ResponseShape shape, CompletionOutcome outcome, ServerReport report)
{
    // What the prefix cache served, or a fixture's fixed share (so clients are seen to read the field), whichever is more.
    private int CachedTokens => Math.Max(shape.CachedPromptTokens, (int)Math.Floor(shape.PromptTokens * dialect.CachedPromptShare));

    /// <summary>Writes a <c>usage</c> property at the writer's position; <paramref name="path"/> names it in the report.</summary>
    public void WriteUsage(Utf8JsonWriter json, string path)
    {
        int cached = CachedTokens;
        json.WriteStartObject("usage"u8);
        json.WriteNumber("prompt_tokens"u8, shape.PromptTokens);
        json.WriteNumber("completion_tokens"u8, shape.OutputTokens);
        json.WriteNumber("total_tokens"u8, (long)shape.PromptTokens + shape.OutputTokens);
        if (dialect.CacheReport == CacheReport.HitMiss)
        {
            json.WriteNumber("prompt_cache_hit_tokens"u8, cached);
            json.WriteNumber("prompt_cache_miss_tokens"u8, shape.PromptTokens - cached);
        }
        else
        {
            json.WriteStartObject("prompt_tokens_details"u8);
            json.WriteNumber("cached_tokens"u8, cached);
            json.WriteEndObject();
        }

        if (shape.ReasoningTokens > 0)
        {
            json.WriteStartObject("completion_tokens_details"u8);
            json.WriteNumber("reasoning_tokens"u8, shape.ReasoningTokens);
            json.WriteEndObject();
        }

        if (dialect.ReportedCost is { } price)
        {
            decimal cost = price.Of(shape.PromptTokens, shape.OutputTokens);
            json.WriteNumber("cost"u8, cost);
            report.CostUsd = cost;
        }

        if (dialect.ServerTimings == ServerTimingStyle.XGroq)
            WriteSeconds(json, path);
        else if (dialect.ServerTimings == ServerTimingStyle.UsageFields)
            WriteUsageFields(json, path);

        json.WriteEndObject();
        report.Usage = new ReportedUsage(shape.PromptTokens, shape.OutputTokens, cached, shape.ReasoningTokens > 0 ? shape.ReasoningTokens : null);
    }

    /// <summary>Writes the dialect's timing object beside the usage (<c>time_info</c>, <c>timings</c>), if it has one.</summary>
    public void WriteTimingObject(Utf8JsonWriter json)
    {
        switch (dialect.ServerTimings)
        {
            case ServerTimingStyle.TimeInfo:
                json.WriteStartObject("time_info"u8);
                WriteSeconds(json, "time_info");
                json.WriteNumber("created"u8, Math.Round(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, 2));
                json.WriteEndObject();
                break;
            case ServerTimingStyle.Timings:
                WriteLlamaCppTimings(json);
                break;
        }
    }

    /// <summary>Cerebras and Groq: queue, prompt, completion and total time in seconds.</summary>
    private void WriteSeconds(Utf8JsonWriter json, string path)
    {
        json.WriteNumber("queue_time"u8, report.Timing(path + ".queue_time", ServerReport.RoundSeconds(outcome.QueueSeconds)));
        json.WriteNumber("prompt_time"u8, report.Timing(path + ".prompt_time", ServerReport.RoundSeconds(outcome.PromptSeconds)));
        json.WriteNumber("completion_time"u8, report.Timing(path + ".completion_time", ServerReport.RoundSeconds(outcome.CompletionSeconds)));
        json.WriteNumber("total_time"u8, report.Timing(path + ".total_time", ServerReport.RoundSeconds(outcome.TotalSeconds)));
    }

    /// <summary>SambaNova: seconds to the first token, seconds in all, and tokens per second after the first chunk.</summary>
    private void WriteUsageFields(Utf8JsonWriter json, string path)
    {
        json.WriteNumber("time_to_first_token"u8, report.Timing(path + ".time_to_first_token", ServerReport.RoundSeconds(outcome.FirstTextSeconds)));
        json.WriteNumber("total_latency"u8, report.Timing(path + ".total_latency", ServerReport.RoundSeconds(outcome.TotalSeconds)));
        if (outcome.CompletionSeconds > 0)
        {
            double speed = Math.Round((shape.OutputTokens - outcome.FirstTextTokens) / outcome.CompletionSeconds, 6);
            json.WriteNumber("completion_tokens_after_first_per_sec"u8, report.Timing(path + ".completion_tokens_after_first_per_sec", speed));
        }
    }

    /// <summary>llama.cpp: prompt and generation milliseconds, with cached prompt tokens counted apart from processed ones.</summary>
    private void WriteLlamaCppTimings(Utf8JsonWriter json)
    {
        int cached = CachedTokens;
        double predictedMs = ServerReport.RoundMilliseconds(outcome.CompletionSeconds * 1000);
        json.WriteStartObject("timings"u8);
        json.WriteNumber("cache_n"u8, cached);
        json.WriteNumber("prompt_n"u8, shape.PromptTokens - cached);
        json.WriteNumber("prompt_ms"u8, report.Timing("timings.prompt_ms", ServerReport.RoundMilliseconds(outcome.PromptSeconds * 1000)));
        json.WriteNumber("predicted_n"u8, shape.OutputTokens);
        json.WriteNumber("predicted_ms"u8, report.Timing("timings.predicted_ms", predictedMs));
        if (predictedMs > 0)
        {
            // llama.cpp's own definition: all predicted tokens over the prediction time.
            double speed = Math.Round(shape.OutputTokens * 1000 / predictedMs, 6);
            json.WriteNumber("predicted_per_second"u8, report.Timing("timings.predicted_per_second", speed));
        }

        json.WriteEndObject();
    }
}
