using System.Globalization;
using SpeedKings.Bench.Providers.Client;

namespace SpeedKings.Bench.Faults;

/// <summary>
/// How long one request may take, end to end, before it is recorded as a timeout: <c>--timeout SECONDS</c> in the host,
/// handed to benchmark processes in <c>SPEEDKINGS_REQUEST_TIMEOUT</c>; two minutes unless set.
/// </summary>
public static class RequestTimeout
{
    public const string Variable = "SPEEDKINGS_REQUEST_TIMEOUT";

    public static TimeSpan Current
        => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text ? Parse(text, Variable) : InferenceClientFactory.DefaultRequestTimeout;

    /// <exception cref="ArgumentException">One sentence naming the option.</exception>
    public static TimeSpan Parse(string text, string option)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds is >= 1 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} takes seconds from 1 to 3600, e.g. 30 (got '{text}')");
}
