using System.Globalization;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// When a request may be sent again, and after how long. Only before a response body exists — a 429, 408, 500, 502,
/// 503, 504 or 529 status, or a connection that failed before any header — so a retry never repeats generated tokens.
/// At most <see cref="InferenceClientOptions.MaxRetries"/> retries; the wait is the provider's <c>retry-after</c>
/// (seconds or a date) or <c>retry-after-ms</c> when it sends one, else exponential backoff with jitter; a provider
/// asking for more than <see cref="InferenceClientOptions.LongestWait"/> is not waited for: the failure is recorded.
/// </summary>
internal static class InferenceRetry
{
    public static HttpRetryStrategyOptions Options(InferenceClientOptions settings) => new()
    {
        MaxRetryAttempts = Math.Max(settings.MaxRetries, 1),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = settings.RetryBaseDelay,
        MaxDelay = settings.LongestWait,
        ShouldRetryAfterHeader = false, // read below, with retry-after-ms and the longest-wait rule
        ShouldHandle = args => ValueTask.FromResult(settings.MaxRetries > 0 && IsRetryable(args.Outcome, settings.LongestWait)),
        DelayGenerator = args => ValueTask.FromResult(RequestedWait(args.Outcome.Result)),
    };

    private static bool IsRetryable(Outcome<HttpResponseMessage> outcome, TimeSpan longestWait)
    {
        if (outcome.Exception is HttpRequestException)
            return true;
        if (outcome.Result is not { } response)
            return false;
        bool transient = (int)response.StatusCode is 408 or 429 or 500 or 502 or 503 or 504 or 529;
        return transient && !(RequestedWait(response) > longestWait);
    }

    /// <summary>The wait a response asks for, or null to use the backoff.</summary>
    public static TimeSpan? RequestedWait(HttpResponseMessage? response)
    {
        if (response is null)
            return null;
        if (response.Headers.TryGetValues("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && ms >= 0)
            return TimeSpan.FromMilliseconds(ms);
        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
    }
}
