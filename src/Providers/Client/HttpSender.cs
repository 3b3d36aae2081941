using SpeedKings.Bench.Metrics.Records;
using System.Net.Http.Headers;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client.Auth;
using SpeedKings.Bench.Providers.Client.Http2;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Sends a prepared request through the pooled client and its retry pipeline and fixes t0 by one definition for
/// every attempt: the moment the attempt that produced the response began. The first attempt begins when the request
/// is handed to the HTTP client, so the client's own pipeline is inside every latency; a retry begins when the retry
/// pipeline dispatches it (stamped by <see cref="AttemptTimestampHandler"/>). Earlier attempts and the waits between
/// them are the retry wait, kept apart from every latency.
/// </summary>
internal sealed class HttpSender(HttpClient http, ProviderEndpoint endpoint)
{
    private readonly KeyPlacement _key = KeyPlacement.For(endpoint.Descriptor.Auth);

    /// <param name="clientRequestId">This request's id in <see cref="ArrivalRegistry.HeaderName"/>; null to send none.</param>
    public HttpRequestMessage Create(PreparedRequest prepared, StreamTimer timer, string? clientRequestId = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, prepared.Url)
        {
            Content = new TimedContent(prepared.Body, timer),
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        foreach (var header in prepared.Headers)
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (clientRequestId is not null)
            message.Headers.TryAddWithoutValidation(ArrivalRegistry.HeaderName, clientRequestId);
        _key.Apply(message.Headers, endpoint.Key);
        return message;
    }

    /// <summary>Sends with the body left to stream; headers received are stamped on the timer.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, StreamTimer timer, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        timer.MarkHeaders();
        return response;
    }

    /// <summary>
    /// Moves t0 to the start of the last attempt when there were several (call once the attempts are over, answered or
    /// not); a single attempt keeps the hand-off as t0.
    /// </summary>
    /// <returns>How many attempts were made, and the time before the last one when there were several.</returns>
    public static (int Attempts, double? RetryWaitMs) SettleStart(HttpRequestMessage message, StreamTimer timer)
    {
        message.Options.TryGetValue(AttemptTimestampHandler.Attempts, out int attempts);
        if (attempts <= 1 || !message.Options.TryGetValue(AttemptTimestampHandler.AttemptStart, out long attemptStart))
            return (Math.Max(attempts, 1), null);
        double wait = System.Diagnostics.Stopwatch.GetElapsedTime(timer.Start, attemptStart).TotalMilliseconds;
        timer.StartAt(attemptStart);
        return (attempts, wait);
    }

    /// <summary>
    /// Opens the pooled connection (DNS, TCP, TLS) with a free model-list call, so a first measured request does not
    /// pay for the handshake when warmup is skipped; returns the connection's set-up, or null when the pool already had
    /// one. It asks for the same HTTP versions as a request, so the request reuses it. A failure here is not a
    /// measurement and is ignored.
    /// </summary>
    /// <param name="warmup">Bounds how many connections the warming calls open at once and keeps each one's set-up; null for neither.</param>
    public async Task<ConnectionSetup?> WarmConnectionAsync(ConnectionWarmup? warmup, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Resolve("models"))
            {
                Version = System.Net.HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
            };
            if (warmup is not null)
                request.Options.Set(ConnectionPhases.Warmup, warmup);
            _key.Apply(request.Headers, endpoint.Key);
            using HttpResponseMessage response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return ConnectionPhases.Of(request);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Best effort: the first request opens the connection instead.
            return null;
        }
    }
}
