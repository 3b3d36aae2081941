namespace SpeedKings.Bench.Loopback.Emission;

/// <summary>
/// An engine's decode throughput, shared by every stream that is generating: with N streams past their first token,
/// each gets at most a 1/N share of it, and never more than its own schedule's rate. One stream alone runs at its
/// schedule; past capacity ÷ rate streams, each slows so that together they emit the capacity — how per-stream speed
/// falls with load on a batching engine, and the ceiling a sweep's output tokens/s meets. A share is taken when a chunk
/// is planned, from the streams generating at that moment.
/// </summary>
internal sealed class DecodeCapacity(double tokensPerSecond)
{
    private int _generating;

    public double TokensPerSecond { get; } = tokensPerSecond > 0
        ? tokensPerSecond
        : throw new ArgumentOutOfRangeException(nameof(tokensPerSecond), tokensPerSecond, "The decode capacity must be positive.");

    /// <summary>Streams generating now.</summary>
    public int Generating => Volatile.Read(ref _generating);

    /// <summary>A stream starts generating (its first token is out); <see cref="Leave"/> when it ends, however it ends.</summary>
    public void Join() => Interlocked.Increment(ref _generating);

    public void Leave() => Interlocked.Decrement(ref _generating);

    /// <summary>Seconds a token takes now for a stream whose schedule alone would give it <paramref name="scheduled"/>.</summary>
    public double SecondsPerToken(double scheduled) => Math.Max(scheduled, Math.Max(1, Generating) / TokensPerSecond);
}
