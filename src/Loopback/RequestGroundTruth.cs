namespace SpeedKings.Bench.Loopback;

/// <summary>
/// What the server itself knows about one request: when it arrived, when each chunk was written, and what was sent.
/// The client's measurements are checked against this. All timestamps are raw <see cref="System.Diagnostics.Stopwatch"/>
/// values on the machine-wide monotonic clock the client uses too.
/// </summary>
public sealed record RequestGroundTruth
{
    /// <summary>The id sent back in the <c>x-request-id</c> header, e.g. <c>lb-7</c>.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>Taken first thing in the handler, before the body is read.</summary>
    public long ReceivedTimestamp { get; init; }

    /// <summary>
    /// Taken immediately before the response headers were flushed: with the role-only chunk when streaming, with the
    /// whole body otherwise.
    /// </summary>
    public long HeadersFlushedTimestamp { get; init; }

    /// <summary>Text-carrying chunks in write order. A non-streamed response is one chunk holding all the text.</summary>
    public IReadOnlyList<ChunkWrite> TextChunks { get; init; } = [];

    /// <summary>ceil(UTF-8 bytes of all message contents / 4): an approximation, the same one reported as usage.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Tokens the server meant to generate for this request (what usage reports as completion_tokens).</summary>
    public int OutputTokens { get; init; }

    public bool Streamed { get; init; }

    /// <summary>True when every frame of the response, the end-of-stream marker included, was handed to Kestrel.</summary>
    public bool Completed { get; init; }

    /// <summary>The schedule this request was served with, after any <c>x-loopback-schedule</c> override.</summary>
    public EmissionSchedule Schedule { get; init; } = new();
}
