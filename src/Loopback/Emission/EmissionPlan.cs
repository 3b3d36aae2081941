using System.Diagnostics;

namespace SpeedKings.Bench.Loopback.Emission;

/// <summary>
/// Turns a schedule into one request's chunks: each with an absolute deadline and its text. Deadlines are offsets from
/// the request's received timestamp computed from the schedule alone, never from "now", so however late one write goes
/// out the next one is still due when the schedule says and lateness cannot accumulate. Format-agnostic: wire formats
/// only frame what this produces.
/// </summary>
internal sealed class EmissionPlan : IDisposable
{
    // Separate random streams for words and jitter, so turning jitter on does not change the generated text.
    private const int JitterStreamSalt = 0x5BD1E995;

    // Offsets beyond this (about 31 years) are clamped: absurd schedules must not overflow Stopwatch ticks.
    private const double LongestOffsetSeconds = 1e9;

    private readonly long _startTimestamp;
    private readonly int _reasoningTokens;
    private readonly double _timeToFirstTokenSeconds;
    private readonly double _secondsPerToken;
    private readonly int _tokensPerChunk;
    private readonly double _jitter;
    private readonly Random _words;
    private readonly Random _jitterDraws;
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly DecodeCapacity? _decode;
    private bool _generating;
    private double _offsetSeconds;
    private int _plannedTokens;
    private int _payloadWritten;

    /// <summary>Bytes of a fixed payload (a tool call's arguments, a JSON answer) that count as one token.</summary>
    public const int PayloadBytesPerToken = 4;

    /// <summary>Tokens a payload of <paramref name="bytes"/> bytes takes: one per <see cref="PayloadBytesPerToken"/>, the last one shorter.</summary>
    public static int PayloadTokens(int bytes) => (bytes + PayloadBytesPerToken - 1) / PayloadBytesPerToken;

    /// <param name="schedule">A validated schedule.</param>
    /// <param name="startTimestamp">The request's received timestamp: every deadline is measured from it.</param>
    /// <param name="totalTokens">Tokens to emit in all.</param>
    /// <param name="sequence">The request's sequence number, added to the seed so each request differs reproducibly.</param>
    /// <param name="reasoningTokens">The first tokens of <paramref name="totalTokens"/> that are reasoning; no chunk mixes both.</param>
    /// <param name="firstTokenDelay">Extra wait before the first token (a simulated model load), not jittered.</param>
    /// <param name="payload">
    /// ASCII text to send in place of generated words (a tool call's arguments, a JSON answer), cut into chunks of the
    /// schedule's tokens at <see cref="PayloadBytesPerToken"/> bytes each; empty for words. Its first
    /// <paramref name="totalTokens"/> tokens are sent: fewer than it has when max tokens cut it.
    /// </param>
    /// <param name="decode">The engine's decode throughput this request shares from its first token on; null for none.</param>
    public EmissionPlan(
        EmissionSchedule schedule, long startTimestamp, int totalTokens, int sequence, int reasoningTokens = 0, TimeSpan firstTokenDelay = default,
        ReadOnlyMemory<byte> payload = default, DecodeCapacity? decode = null)
    {
        _payload = payload;
        _decode = decode;
        ArgumentOutOfRangeException.ThrowIfLessThan(totalTokens, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(reasoningTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reasoningTokens, totalTokens);
        _startTimestamp = startTimestamp + ToTicks(firstTokenDelay.TotalSeconds);
        _reasoningTokens = reasoningTokens;
        _timeToFirstTokenSeconds = schedule.TimeToFirstToken.TotalSeconds;
        _secondsPerToken = 1 / schedule.TokensPerSecond;
        _tokensPerChunk = schedule.TokensPerChunk;
        _jitter = schedule.Jitter;
        int seed = unchecked(schedule.Seed + sequence);
        _words = new Random(seed);
        _jitterDraws = new Random(seed ^ JitterStreamSalt);
        TotalTokens = totalTokens;
    }

    public int TotalTokens { get; }

    public int ReasoningTokens => _reasoningTokens;

    public int ChunkCount => Chunks(_reasoningTokens) + Chunks(TotalTokens - _reasoningTokens);

    /// <summary>The largest text any one chunk can need, in bytes.</summary>
    public int LargestChunkBytes => Math.Min(_tokensPerChunk, TotalTokens) * Math.Max(TokenVocabulary.LongestWordBytes, PayloadBytesPerToken);

    /// <summary>Plans the next chunk and writes its text (ASCII) into <paramref name="text"/>; false when all are planned.</summary>
    public bool TryNext(Span<byte> text, out PlannedChunk chunk)
    {
        if (_plannedTokens >= TotalTokens)
        {
            chunk = default;
            return false;
        }

        // A phase boundary ends a chunk early: a chunk is either all reasoning or all answer, as on the wire.
        bool reasoning = _plannedTokens < _reasoningTokens;
        int phaseEnd = reasoning ? _reasoningTokens : TotalTokens;
        int tokens = Math.Min(_tokensPerChunk, phaseEnd - _plannedTokens);
        // The gap before a chunk is its own tokens' worth at the rate: equal to chunk / rate for full chunks, and
        // shorter for a short last chunk, so (N − n_first) / (t_last − t_first) is exactly the configured rate.
        double nominalSeconds = _plannedTokens == 0 ? _timeToFirstTokenSeconds : tokens * SecondsPerToken();
        _offsetSeconds += nominalSeconds * JitterFactor();
        _plannedTokens += tokens;

        int length;
        if (_payload.IsEmpty)
        {
            length = TokenVocabulary.Write(_words, tokens, text);
        }
        else
        {
            length = Math.Min(tokens * PayloadBytesPerToken, _payload.Length - _payloadWritten);
            _payload.Span.Slice(_payloadWritten, length).CopyTo(text);
            _payloadWritten += length;
        }

        chunk = new PlannedChunk(_startTimestamp + ToTicks(_offsetSeconds), tokens, length, reasoning, _plannedTokens == TotalTokens);
        return true;
    }

    /// <summary>Leaves the engine's shared decode, if this request had joined it.</summary>
    public void Dispose()
    {
        if (_generating)
            _decode!.Leave();
        _generating = false;
    }

    // Planned once the first token is out: from then on this request shares the engine's decode.
    private double SecondsPerToken()
    {
        if (_decode is null)
            return _secondsPerToken;
        if (!_generating)
        {
            _decode.Join();
            _generating = true;
        }

        return _decode.SecondsPerToken(_secondsPerToken);
    }

    private int Chunks(int tokens) => (tokens + _tokensPerChunk - 1) / _tokensPerChunk;

    private double JitterFactor() => _jitter == 0 ? 1 : 1 + ((_jitterDraws.NextDouble() * 2) - 1) * _jitter;

    private static long ToTicks(double seconds) => (long)(Math.Min(seconds, LongestOffsetSeconds) * Stopwatch.Frequency);
}
