using System.Buffers;
using System.Text.Json;
using SpeedKings.Bench.Loopback.Emission;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Ollama;

/// <summary>
/// Ollama's chat stream: a line per chunk (<c>message.content</c>, or <c>message.thinking</c> while reasoning), then a
/// <c>"done": true</c> line with the counts and the engine's durations in nanoseconds — load, prompt evaluation,
/// generation and total — taken from what the server actually did.
/// </summary>
internal sealed class OllamaChatFraming(ResponseShape shape) : ICompletionFraming
{
    private const double NanosecondsPerSecond = 1e9;

    private readonly JsonFrameWriter _writer = new();
    private readonly JsonEncodedText _model = WireJson.Encode(shape.Model);

    public string StreamContentType => "application/x-ndjson";

    public ServerReport Report { get; } = new();

    public bool StreamsToolArguments => false;

    public void WriteStreamText(IBufferWriter<byte> output, in PlannedChunk chunk, ReadOnlySpan<byte> utf8Text)
    {
        Utf8JsonWriter json = BeginLine(output);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        if (shape.ToolName is { } tool)
        {
            // Ollama sends a call whole: {"tool_calls": [{"function": {"name", "arguments": {…}}}]} beside empty content.
            json.WriteString("content"u8, ""u8);
            json.WriteStartArray("tool_calls"u8);
            json.WriteStartObject();
            json.WriteStartObject("function"u8);
            json.WriteString("name"u8, tool);
            json.WritePropertyName("arguments"u8);
            json.WriteRawValue(Tasks.WholeArguments.Of(utf8Text), skipInputValidation: true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        else
        {
            json.WriteString("content"u8, chunk.Reasoning ? default : utf8Text);
            if (chunk.Reasoning)
                json.WriteString("thinking"u8, utf8Text);
        }

        json.WriteEndObject();
        json.WriteBoolean("done"u8, false);
        json.WriteEndObject();
        JsonFrameWriter.EndLine(json, output);
    }

    public void WriteStreamClosing(IBufferWriter<byte> output, in CompletionOutcome outcome)
    {
        Utf8JsonWriter json = BeginLine(output);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
        json.WriteEndObject();
        WriteDone(json, outcome);
        json.WriteEndObject();
        JsonFrameWriter.EndLine(json, output);
    }

    public void WriteWholeResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> reasoningText, ReadOnlySpan<byte> answerText, in CompletionOutcome outcome)
    {
        Utf8JsonWriter json = BeginLine(output);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, answerText);
        if (!reasoningText.IsEmpty)
            json.WriteString("thinking"u8, reasoningText);
        json.WriteEndObject();
        WriteDone(json, outcome);
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Ollama's mid-stream error: a line <c>{"error":"…"}</c>.</summary>
    public void WriteStreamError(IBufferWriter<byte> output, string message)
    {
        Utf8JsonWriter json = _writer.Begin(output);
        json.WriteStartObject();
        json.WriteString("error"u8, message);
        json.WriteEndObject();
        JsonFrameWriter.EndLine(json, output);
    }

    private Utf8JsonWriter BeginLine(IBufferWriter<byte> output)
    {
        Utf8JsonWriter json = _writer.Begin(output);
        json.WriteStartObject();
        json.WriteString("model"u8, _model);
        json.WriteString("created_at"u8, DateTime.UtcNow);
        return json;
    }

    /// <summary>The final record's fields: prompt evaluation is the time to the first token less the model load.</summary>
    private void WriteDone(Utf8JsonWriter json, in CompletionOutcome outcome)
    {
        double load = outcome.ModelLoad.TotalSeconds;
        json.WriteBoolean("done"u8, true);
        json.WriteString("done_reason"u8, shape.CutByMaxTokens ? "length"u8 : "stop"u8);
        json.WriteNumber("total_duration"u8, Nanoseconds("total_duration", outcome.TotalSeconds));
        json.WriteNumber("load_duration"u8, Nanoseconds("load_duration", load));
        json.WriteNumber("prompt_eval_count"u8, shape.PromptTokens);
        json.WriteNumber("prompt_eval_duration"u8, Nanoseconds("prompt_eval_duration", Math.Max(0, outcome.PromptSeconds - load)));
        json.WriteNumber("eval_count"u8, shape.OutputTokens);
        json.WriteNumber("eval_duration"u8, Nanoseconds("eval_duration", outcome.CompletionSeconds));
        Report.Usage = new ReportedUsage(shape.PromptTokens, shape.OutputTokens, CachedPromptTokens: null, ReasoningTokens: null);
    }

    private long Nanoseconds(string field, double seconds)
    {
        long nanoseconds = (long)Math.Round(seconds * NanosecondsPerSecond);
        Report.Timing(field, nanoseconds);
        return nanoseconds;
    }
}
