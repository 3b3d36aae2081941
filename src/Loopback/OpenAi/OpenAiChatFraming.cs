using System.Buffers;
using System.Text.Json;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// OpenAI chat completions on the wire: SSE <c>data:</c> frames of <c>chat.completion.chunk</c> objects ending with
/// <c>data: [DONE]</c>, or one <c>chat.completion</c> object. Per request: the id, model and created time are encoded
/// once and one JSON writer is reset onto each frame, so a text chunk costs no allocation.
/// </summary>
internal sealed class OpenAiChatFraming : ICompletionFraming
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Object = JsonEncodedText.Encode("object");
    private static readonly JsonEncodedText ChunkObject = JsonEncodedText.Encode("chat.completion.chunk");
    private static readonly JsonEncodedText CompletionObject = JsonEncodedText.Encode("chat.completion");
    private static readonly JsonEncodedText Created = JsonEncodedText.Encode("created");
    private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText Choices = JsonEncodedText.Encode("choices");
    private static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText Delta = JsonEncodedText.Encode("delta");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText Assistant = JsonEncodedText.Encode("assistant");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText FinishReason = JsonEncodedText.Encode("finish_reason");
    private static readonly JsonEncodedText Stop = JsonEncodedText.Encode("stop");
    private static readonly JsonEncodedText Length = JsonEncodedText.Encode("length");
    private static readonly JsonEncodedText Usage = JsonEncodedText.Encode("usage");
    private static readonly JsonEncodedText PromptTokens = JsonEncodedText.Encode("prompt_tokens");
    private static readonly JsonEncodedText CompletionTokens = JsonEncodedText.Encode("completion_tokens");
    private static readonly JsonEncodedText TotalTokens = JsonEncodedText.Encode("total_tokens");
    private static readonly JsonEncodedText PromptTokensDetails = JsonEncodedText.Encode("prompt_tokens_details");
    private static readonly JsonEncodedText CachedTokens = JsonEncodedText.Encode("cached_tokens");

    private readonly JsonEncodedText _responseId;
    private readonly JsonEncodedText _model;
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private Utf8JsonWriter? _json;

    public OpenAiChatFraming(string requestId, string model)
    {
        _responseId = WireJson.Encode("chatcmpl-" + requestId);
        _model = WireJson.Encode(model);
    }

    public string StreamContentType => "text/event-stream";

    public void WriteStreamOpening(IBufferWriter<byte> output)
    {
        // Role only, empty content: carries no text, so it must not start a client's TTFT.
        Utf8JsonWriter json = BeginEvent(output);
        BeginChunk(json);
        json.WriteStartObject(Delta);
        json.WriteString(Role, Assistant);
        json.WriteString(Content, ""u8);
        json.WriteEndObject();
        json.WriteNull(FinishReason);
        EndChunk(json, output);
    }

    public void WriteStreamText(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8Text)
    {
        Utf8JsonWriter json = BeginEvent(output);
        BeginChunk(json);
        json.WriteStartObject(Delta);
        json.WriteString(Content, utf8Text);
        json.WriteEndObject();
        json.WriteNull(FinishReason);
        EndChunk(json, output);
    }

    public void WriteStreamClosing(IBufferWriter<byte> output, CompletionOutcome outcome)
    {
        Utf8JsonWriter json = BeginEvent(output);
        BeginChunk(json);
        json.WriteStartObject(Delta);
        json.WriteEndObject();
        json.WriteString(FinishReason, outcome.CutByMaxTokens ? Length : Stop);
        EndChunk(json, output);

        // Only when asked (stream_options.include_usage), and on its own chunk with empty choices, as OpenAI does.
        if (outcome.IncludeUsage)
        {
            json = BeginEvent(output);
            WriteHeader(json, ChunkObject);
            json.WriteStartArray(Choices);
            json.WriteEndArray();
            WriteUsage(json, outcome);
            json.WriteEndObject();
            EndEvent(json, output);
        }

        output.Write("data: [DONE]\n\n"u8);
    }

    public void WriteWholeResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8Text, CompletionOutcome outcome)
    {
        Utf8JsonWriter json = Writer(output);
        WriteHeader(json, CompletionObject);
        json.WriteStartArray(Choices);
        json.WriteStartObject();
        json.WriteNumber(Index, 0);
        json.WriteStartObject(Message);
        json.WriteString(Role, Assistant);
        json.WriteString(Content, utf8Text);
        json.WriteEndObject();
        json.WriteString(FinishReason, outcome.CutByMaxTokens ? Length : Stop);
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, outcome);
        json.WriteEndObject();
        json.Flush();
    }

    private Utf8JsonWriter Writer(IBufferWriter<byte> output)
    {
        if (_json is null)
            _json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        else
            _json.Reset(output);
        return _json;
    }

    private Utf8JsonWriter BeginEvent(IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        return Writer(output);
    }

    private static void EndEvent(Utf8JsonWriter json, IBufferWriter<byte> output)
    {
        json.Flush();
        output.Write("\n\n"u8);
    }

    /// <summary>Opens a chunk object up to the inside of its single choice.</summary>
    private void BeginChunk(Utf8JsonWriter json)
    {
        WriteHeader(json, ChunkObject);
        json.WriteStartArray(Choices);
        json.WriteStartObject();
        json.WriteNumber(Index, 0);
    }

    private static void EndChunk(Utf8JsonWriter json, IBufferWriter<byte> output)
    {
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        EndEvent(json, output);
    }

    private void WriteHeader(Utf8JsonWriter json, JsonEncodedText objectType)
    {
        json.WriteStartObject();
        json.WriteString(Id, _responseId);
        json.WriteString(Object, objectType);
        json.WriteNumber(Created, _created);
        json.WriteString(Model, _model);
    }

    private static void WriteUsage(Utf8JsonWriter json, CompletionOutcome outcome)
    {
        json.WriteStartObject(Usage);
        json.WriteNumber(PromptTokens, outcome.PromptTokens);
        json.WriteNumber(CompletionTokens, outcome.OutputTokens);
        json.WriteNumber(TotalTokens, (long)outcome.PromptTokens + outcome.OutputTokens);
        json.WriteStartObject(PromptTokensDetails);
        json.WriteNumber(CachedTokens, 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
