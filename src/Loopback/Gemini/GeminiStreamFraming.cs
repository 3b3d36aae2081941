using System.Buffers;
using System.Text.Json;
using SpeedKings.Bench.Loopback.Emission;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Gemini;

/// <summary>
/// Gemini's stream: every chunk a whole <c>GenerateContentResponse</c> with a running <c>usageMetadata</c>, events
/// separated by CRLF, reasoning as parts marked <c>"thought": true</c>, and the finish reason on the last chunk — after
/// which the connection simply ends.
/// </summary>
internal sealed class GeminiStreamFraming(ResponseShape shape) : ICompletionFraming
{
    private static ReadOnlySpan<byte> Separator => "\r\n\r\n"u8;

    private readonly JsonFrameWriter _writer = new();
    private readonly JsonEncodedText _model = WireJson.Encode(shape.Model);
    private readonly JsonEncodedText _responseId = WireJson.Encode("resp-" + shape.RequestId);
    private int _answerSoFar;
    private int _thoughtsSoFar;

    public string StreamContentType => "text/event-stream";

    public ServerReport Report { get; } = new();

    public void WriteStreamText(IBufferWriter<byte> output, in PlannedChunk chunk, ReadOnlySpan<byte> utf8Text)
    {
        if (chunk.Reasoning)
            _thoughtsSoFar += chunk.Tokens;
        else
            _answerSoFar += chunk.Tokens;

        Utf8JsonWriter json = _writer.BeginEvent(output);
        json.WriteStartObject();
        json.WriteStartArray("candidates"u8);
        json.WriteStartObject();
        json.WriteStartObject("content"u8);
        json.WriteStartArray("parts"u8);
        if (shape.ToolName is { } tool)
            WriteFunctionCall(json, tool, utf8Text);
        else
            WritePart(json, utf8Text, chunk.Reasoning);
        json.WriteEndArray();
        json.WriteString("role"u8, "model"u8);
        json.WriteEndObject();
        if (chunk.Last)
            json.WriteString("finishReason"u8, FinishReason);
        json.WriteNumber("index"u8, 0);
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, _answerSoFar, _thoughtsSoFar, final: chunk.Last);
        WriteTrailer(json);
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output, Separator);
    }

    public void WriteStreamClosing(IBufferWriter<byte> output, in CompletionOutcome outcome)
    {
        // The last chunk carried the finish reason and the final usage; the end of the body ends the stream.
    }

    public void WriteWholeResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> reasoningText, ReadOnlySpan<byte> answerText, in CompletionOutcome outcome)
    {
        Utf8JsonWriter json = _writer.Begin(output);
        json.WriteStartObject();
        json.WriteStartArray("candidates"u8);
        json.WriteStartObject();
        json.WriteStartObject("content"u8);
        json.WriteStartArray("parts"u8);
        if (!reasoningText.IsEmpty)
            WritePart(json, reasoningText, thought: true);
        WritePart(json, answerText, thought: false);
        json.WriteEndArray();
        json.WriteString("role"u8, "model"u8);
        json.WriteEndObject();
        json.WriteString("finishReason"u8, FinishReason);
        json.WriteNumber("index"u8, 0);
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, shape.AnswerTokens, shape.ReasoningTokens, final: true);
        WriteTrailer(json);
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Gemini's mid-stream error: an event holding <c>{"error":{"code":500,…}}</c>.</summary>
    public void WriteStreamError(IBufferWriter<byte> output, string message)
    {
        Utf8JsonWriter json = _writer.BeginEvent(output);
        json.WriteStartObject();
        json.WriteStartObject("error"u8);
        json.WriteNumber("code"u8, 500);
        json.WriteString("message"u8, message);
        json.WriteString("status"u8, "INTERNAL"u8);
        json.WriteEndObject();
        json.WriteEndObject();
        JsonFrameWriter.EndEvent(json, output, Separator);
    }

    private ReadOnlySpan<byte> FinishReason => shape.CutByMaxTokens ? "MAX_TOKENS"u8 : "STOP"u8;

    /// <summary>Gemini sends a call whole: <c>{"functionCall": {"name", "args": {…}}}</c>; arguments cut by max tokens are not JSON, and go as <c>{}</c>.</summary>
    public bool StreamsToolArguments => false;

    private static void WriteFunctionCall(Utf8JsonWriter json, string tool, ReadOnlySpan<byte> arguments)
    {
        json.WriteStartObject();
        json.WriteStartObject("functionCall"u8);
        json.WriteString("name"u8, tool);
        json.WritePropertyName("args"u8);
        json.WriteRawValue(Tasks.WholeArguments.Of(arguments), skipInputValidation: true);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter json, ReadOnlySpan<byte> text, bool thought)
    {
        json.WriteStartObject();
        json.WriteString("text"u8, text);
        if (thought)
            json.WriteBoolean("thought"u8, true);
        json.WriteEndObject();
    }

    /// <summary>
    /// Running totals; thought tokens are counted apart from the candidates', as Gemini does. Only the final totals are
    /// noted in the report (once, not per chunk).
    /// </summary>
    private void WriteUsage(Utf8JsonWriter json, int answer, int thoughts, bool final)
    {
        json.WriteStartObject("usageMetadata"u8);
        json.WriteNumber("promptTokenCount"u8, shape.PromptTokens);
        json.WriteNumber("candidatesTokenCount"u8, answer);
        if (thoughts > 0)
            json.WriteNumber("thoughtsTokenCount"u8, thoughts);
        json.WriteNumber("totalTokenCount"u8, shape.PromptTokens + answer + thoughts);
        json.WriteEndObject();
        if (final)
            Report.Usage = new ReportedUsage(shape.PromptTokens, answer + thoughts, CachedPromptTokens: null, thoughts > 0 ? thoughts : null);
    }

    private void WriteTrailer(Utf8JsonWriter json)
    {
        json.WriteString("modelVersion"u8, _model);
        json.WriteString("responseId"u8, _responseId);
    }
}
