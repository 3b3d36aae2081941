namespace SpeedKings.Bench.Loopback.Emission;

/// <summary>How many tokens a request gets, and whether its max tokens cut it (finish reason "length", not "stop").</summary>
internal readonly record struct OutputLength(int Tokens, bool CutByMaxTokens)
{
    /// <summary>What a request without any max tokens gets when the schedule does not fix the length either.</summary>
    public const int DefaultTokens = 256;

    /// <summary>
    /// The most tokens one response may have, like a model's output limit: keeps one request from asking the server to
    /// plan (and record) billions of chunks.
    /// </summary>
    public const int MostTokens = 131_072;

    /// <summary>
    /// A schedule without a length follows the request's max tokens, which is what a model that would have gone on
    /// looks like: cut, "length". A schedule with a length is what the model "wanted" to say, still capped at the
    /// request's max tokens (cut only when the cap is smaller). No max tokens and no length: 256, "stop".
    /// </summary>
    public static OutputLength Resolve(int? scheduledTokens, int? requestMaxTokens)
    {
        if (requestMaxTokens is not { } cap)
            return new OutputLength(scheduledTokens ?? DefaultTokens, CutByMaxTokens: false);
        if (scheduledTokens is not { } wanted)
            return new OutputLength(cap, CutByMaxTokens: true);
        return wanted > cap ? new OutputLength(cap, CutByMaxTokens: true) : new OutputLength(wanted, CutByMaxTokens: false);
    }
}
