using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Faults;

/// <summary>
/// Stops sending to a provider that keeps answering 429: after <see cref="ConsecutiveLimit"/> rate-limited requests in
/// a row (each already retried as the provider asked), its id goes into a run-wide file every benchmark process reads,
/// and its remaining requests are recorded as rate-limited without being sent. The host names it at the end.
/// </summary>
internal sealed class RateLimitBreaker(string path)
{
    public const int ConsecutiveLimit = 3;

    private int _consecutive;

    /// <summary>Providers given up on so far in this run.</summary>
    public IReadOnlySet<string> Tripped()
        => File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();

    public bool IsTripped(string provider) => Tripped().Contains(provider);

    /// <summary>Counts a finished request; trips the breaker on the limit.</summary>
    public void Observe(RequestRecord record)
    {
        if (record.Failure != FailureKind.RateLimited)
        {
            _consecutive = 0;
            return;
        }

        if (++_consecutive == ConsecutiveLimit && !IsTripped(record.Provider))
            File.AppendAllText(path, record.Provider + Environment.NewLine);
    }

    /// <summary>The record of a request not sent because its provider was given up on.</summary>
    public static RequestRecord NotSent(string provider, string model, string prompt) => new()
    {
        Provider = provider,
        Model = model,
        Prompt = prompt,
        StartedUtc = DateTimeOffset.UtcNow,
        Failure = FailureKind.RateLimited,
        FailureMessage = $"not sent: {provider} kept answering 429 and is skipped for the rest of the run",
    };
}
