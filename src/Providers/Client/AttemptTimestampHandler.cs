using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Sits inside the retry handler, so it sees every attempt: it numbers them and stamps when each was handed to the
/// connection. The client takes t0 from the last attempt, so waiting out a 429 or a 503 is never counted as latency.
/// </summary>
internal sealed class AttemptTimestampHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<long> AttemptStart = new("speedkings.attempt-start");
    public static readonly HttpRequestOptionsKey<int> Attempts = new("speedkings.attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(Attempts, out int attempts);
        request.Options.Set(Attempts, attempts + 1);
        request.Options.Set(AttemptStart, StreamTimer.Now());
        return base.SendAsync(request, cancellationToken);
    }
}
