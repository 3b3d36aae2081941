using System.Globalization;

namespace SpeedKings.Bench.Loopback.Faults;

/// <summary>
/// A misbehaviour the loopback shows on purpose, chosen per request with the <c>x-loopback-fault</c> header or per
/// endpoint with a <c>/_fault/{spec}/</c> path prefix (so a provider's base URL alone can point at it):
/// <c>status=429;retry-after=2</c>, <c>status=503</c>, <c>reset</c>, <c>slow-headers=2s</c>, <c>disconnect-after=3</c>,
/// <c>stall-after=3;stall=60s</c>, <c>malformed-after=3</c>, <c>error-after=3</c>, <c>bad-utf8-after=3</c>,
/// <c>long-line</c>; <c>times=N</c> limits it to the first N requests with that spec; <c>chaos=0.2;seed=7</c> gives
/// each request, with that probability, one of <see cref="ChaosMenu"/> at random. Counts are text chunks sent before
/// the fault.
/// </summary>
public sealed record LoopbackFault
{
    public const string Header = "x-loopback-fault";
    public const string PathPrefix = "/_fault/";

    /// <summary>The spec as given: faults with the same spec share a <see cref="Times"/> counter.</summary>
    public string Spec { get; init; } = "";

    /// <summary>An HTTP error status sent instead of a completion, with the format's own error body.</summary>
    public int? Status { get; init; }

    /// <summary>A <c>retry-after</c> header in seconds with the status.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>A <c>retry-after-ms</c> header (Azure) with the status.</summary>
    public int? RetryAfterMilliseconds { get; init; }

    /// <summary>The connection is reset before any response header.</summary>
    public bool Reset { get; init; }

    /// <summary>The response headers wait this long.</summary>
    public TimeSpan SlowHeaders { get; init; }

    public int? DisconnectAfter { get; init; }

    public int? StallAfter { get; init; }

    public TimeSpan Stall { get; init; } = TimeSpan.FromMinutes(5);

    public int? MalformedAfter { get; init; }

    /// <summary>An error event inside the 200 stream, in the format's own style.</summary>
    public int? ErrorAfter { get; init; }

    /// <summary>A text chunk whose bytes are not valid UTF-8.</summary>
    public int? BadUtf8After { get; init; }

    /// <summary>A single 1 MB line (an SSE comment, or an NDJSON object with padding) before the first chunk.</summary>
    public bool LongLine { get; init; }

    /// <summary>Only the first N requests with this spec misbehave; null for all of them.</summary>
    public int? Times { get; init; }

    /// <summary>The probability that a request gets one of <see cref="ChaosMenu"/>; null for a fixed fault.</summary>
    public double? Chaos { get; init; }

    /// <summary>The seed of the chaos draws, so a run's faults can be replayed.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// What a chaos draw picks from, evenly: each way a provider fails that the fault matrix covers, quick to happen
    /// (statuses ask for an immediate retry, nothing stalls) so a few hundred requests stay a short run.
    /// </summary>
    public static readonly IReadOnlyList<string> ChaosMenu =
    [
        "status=429;retry-after=0", "status=500;retry-after=0", "status=503;retry-after=0", "status=504;retry-after=0",
        "reset", "disconnect-after=2", "malformed-after=2", "error-after=2", "bad-utf8-after=2",
    ];

    /// <summary>Whether anything happens after the response has started.</summary>
    public bool IsMidStream => DisconnectAfter is not null || StallAfter is not null || MalformedAfter is not null
        || ErrorAfter is not null || BadUtf8After is not null || LongLine;

    /// <exception cref="FormatException">One sentence naming the spec and the bad setting.</exception>
    public static LoopbackFault Parse(string spec)
    {
        var fault = new LoopbackFault { Spec = spec };
        foreach (string raw in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = raw.IndexOf('=', StringComparison.Ordinal);
            string key = (equals < 0 ? raw : raw[..equals]).Trim().ToLowerInvariant();
            string value = equals < 0 ? "" : raw[(equals + 1)..].Trim();
            fault = key switch
            {
                "status" => fault with { Status = Integer(spec, key, value, 400, 599) },
                "retry-after" => fault with { RetryAfterSeconds = Integer(spec, key, value, 0, 3600) },
                "retry-after-ms" => fault with { RetryAfterMilliseconds = Integer(spec, key, value, 0, 3_600_000) },
                "reset" => fault with { Reset = true },
                "slow-headers" => fault with { SlowHeaders = Duration(spec, key, value) },
                "disconnect-after" => fault with { DisconnectAfter = Integer(spec, key, value, 0, 100_000) },
                "stall-after" => fault with { StallAfter = Integer(spec, key, value, 0, 100_000) },
                "stall" => fault with { Stall = Duration(spec, key, value) },
                "malformed-after" => fault with { MalformedAfter = Integer(spec, key, value, 0, 100_000) },
                "error-after" => fault with { ErrorAfter = Integer(spec, key, value, 0, 100_000) },
                "bad-utf8-after" => fault with { BadUtf8After = Integer(spec, key, value, 0, 100_000) },
                "long-line" => fault with { LongLine = true },
                "times" => fault with { Times = Integer(spec, key, value, 1, int.MaxValue) },
                "chaos" => fault with { Chaos = Probability(spec, key, value) },
                "seed" => fault with { Seed = Integer(spec, key, value, 0, int.MaxValue) },
                _ => throw Invalid(spec, $"'{key}' is not a fault (expected status, retry-after, retry-after-ms, reset, slow-headers, disconnect-after, stall-after, stall, malformed-after, error-after, bad-utf8-after, long-line, times, chaos or seed)"),
            };
        }

        return fault;
    }

    private static int Integer(string spec, string key, string value, int min, int max)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= min && number <= max
            ? number
            : throw Invalid(spec, $"'{key}' must be a whole number from {min} to {max} (got '{value}')");

    private static double Probability(string spec, string key, string value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p is >= 0 and <= 1
            ? p
            : throw Invalid(spec, $"'{key}' must be a probability from 0 to 1 (got '{value}')");

    private static TimeSpan Duration(string spec, string key, string value)
    {
        (string number, double scale) = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : (value, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount >= 0 && amount <= 3_600_000 / scale
            ? TimeSpan.FromMilliseconds(amount * scale)
            : throw Invalid(spec, $"'{key}' must be a duration such as 500ms or 2s (got '{value}')");
    }

    private static FormatException Invalid(string spec, string problem) => new($"Fault '{spec}' is invalid: {problem}.");
}
