namespace SpeedKings.Bench.Loopback;

/// <summary>
/// One text-carrying chunk as the server wrote it. <paramref name="Timestamp"/> is a raw
/// <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> value taken immediately before the chunk's bytes were handed
/// to Kestrel, so a client on the same machine can never see the chunk arrive before this moment.
/// </summary>
/// <param name="Timestamp">Raw Stopwatch timestamp taken just before the write.</param>
/// <param name="Tokens">Generated tokens in the chunk (each vocabulary word is exactly one o200k_base token).</param>
/// <param name="TextChars">UTF-16 length of the generated text in the chunk.</param>
public readonly record struct ChunkWrite(long Timestamp, int Tokens, int TextChars)
{
    /// <summary>
    /// True when the chunk's text went out in the format's reasoning field (reasoning, reasoning_content, thinking_delta,
    /// a thought part, message.thinking): it starts a client's TTFT but not its TTFAT. An init property rather than a
    /// positional parameter, so existing three-argument constructions and deconstructions keep compiling.
    /// </summary>
    public bool Reasoning { get; init; }
}
