using System.Buffers;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// One wire format's framing of one response, created per request (it may hold per-request encoded ids and a reusable
/// JSON writer). The <see cref="CompletionResponder"/> decides what is written when; the framing only decides how it
/// looks, so a new format (Anthropic, Gemini, Cohere SSE, Ollama NDJSON) is a new framing plus a request reader.
/// </summary>
internal interface ICompletionFraming
{
    /// <summary>Content type of a streamed response, e.g. <c>text/event-stream</c>.</summary>
    string StreamContentType { get; }

    /// <summary>Frames sent with the headers before any text (OpenAI's role-only chunk); may write nothing.</summary>
    void WriteStreamOpening(IBufferWriter<byte> output);

    /// <summary>One text chunk. Called before the chunk's deadline; the bytes are copied out at the deadline.</summary>
    void WriteStreamText(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8Text);

    /// <summary>Everything after the last text chunk: finish reason, usage if asked, end-of-stream marker.</summary>
    void WriteStreamClosing(IBufferWriter<byte> output, CompletionOutcome outcome);

    /// <summary>The whole non-streamed response body (JSON).</summary>
    void WriteWholeResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8Text, CompletionOutcome outcome);
}
