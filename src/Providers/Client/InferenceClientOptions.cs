namespace SpeedKings.Bench.Providers.Client;

/// <summary>How the inference HTTP client retries (see <see cref="InferenceRetry"/> for which failures qualify) and whom it trusts.</summary>
internal sealed class InferenceClientOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first backoff when the provider names no wait; each later one doubles, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A provider asking for a longer wait than this is not waited for: the failure is recorded instead.</summary>
    public TimeSpan LongestWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// SHA-256 pins (lower-case hex) of certificates trusted beyond the system's: a loopback server's own, made at its
    /// start. Each trusts that one certificate and nothing else; every other host is validated as usual.
    /// </summary>
    public ISet<string> PinnedCertificates { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
