using System.Net;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>Maps what went wrong to the failure classes reports count.</summary>
internal static class FailureClassifier
{
    public static FailureKind FromStatus(HttpStatusCode status) => (int)status switch
    {
        401 or 403 => FailureKind.Auth,
        429 or 529 => FailureKind.RateLimited, // 529: Anthropic's "overloaded", a request to slow down
        408 or 504 => FailureKind.Timeout,
        >= 500 => FailureKind.Server,
        _ => FailureKind.Request,
    };

    public static string Describe(FailureKind kind, string providerId, string keyVariable) => kind switch
    {
        FailureKind.Auth => $"authentication failed for {providerId} — check {keyVariable}",
        FailureKind.RateLimited => $"{providerId} is rate limiting this key",
        FailureKind.Timeout => $"{providerId} did not answer in time",
        FailureKind.Server => $"{providerId} had a server error",
        FailureKind.Request => $"{providerId} refused the request",
        FailureKind.Protocol => $"{providerId} sent a response that does not follow its wire format",
        FailureKind.Budget => "not sent: the run's budget cannot cover it",
        _ => kind.ToString(),
    };
}
