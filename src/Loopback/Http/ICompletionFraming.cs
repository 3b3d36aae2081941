using System.Buffers;
using SpeedKings.Bench.Loopback.Emission;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// One wire format's framing of one response, created per request from its <see cref="ResponseShape"/> (it may hold
/// per-request encoded ids, counters and a reusable JSON writer). The <see cref="CompletionResponder"/> decides what is
/// written when; the framing only decides how it looks.
/// </summary>
internal interface ICompletionFraming
{
    /// <summary>Content type of a streamed response, e.g. <c>text/event-stream</c>.</summary>
    string StreamContentType { get; }

    /// <summary>False where the format never shows reasoning text (OpenAI): reasoning chunks are waited out, not written.</summary>
    bool ExposesReasoning => true;

    /// <summary>False where the format sends a tool call whole, in one chunk (Gemini's <c>functionCall</c>); true where its arguments stream.</summary>
    bool StreamsToolArguments => true;

    /// <summary>How often to send a comment while waiting for the first token (DeepSeek keep-alives); zero for never.</summary>
    TimeSpan WaitingCommentInterval => TimeSpan.Zero;

    /// <summary>Usage, timings and cost as written so far (complete once the closing or the whole body is written).</summary>
    ServerReport Report { get; }

    /// <summary>Frames sent with the headers before any text (role-only chunk, message_start, …); by default none.</summary>
    void WriteStreamOpening(IBufferWriter<byte> output)
    {
    }

    /// <summary>One waiting comment; only called when <see cref="WaitingCommentInterval"/> is positive.</summary>
    void WriteWaitingComment(IBufferWriter<byte> output)
    {
    }

    /// <summary>One text chunk. Called before the chunk's deadline; the bytes are copied out at the deadline.</summary>
    void WriteStreamText(IBufferWriter<byte> output, in PlannedChunk chunk, ReadOnlySpan<byte> utf8Text);

    /// <summary>Everything after the last text chunk: finish reason, usage, timings, end-of-stream marker.</summary>
    void WriteStreamClosing(IBufferWriter<byte> output, in CompletionOutcome outcome);

    /// <summary>An error event inside the 200 stream (a fault): OpenAI's <c>data: {"error":…}</c> unless the format has its own.</summary>
    void WriteStreamError(IBufferWriter<byte> output, string message) => Faults.FaultFrames.WriteOpenAiStyleError(output, message);

    /// <summary>The whole non-streamed response body (JSON).</summary>
    void WriteWholeResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> reasoningText, ReadOnlySpan<byte> answerText, in CompletionOutcome outcome);
}
