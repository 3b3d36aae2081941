using System.Globalization;
using SpeedKings.Bench.Providers.Client;

namespace SpeedKings.Bench.Faults;

/// <summary>
/// How long one request may take, end to end, before it is recorded as a timeout: <c>--timeout SECONDS</c>, carried to
/// benchmark processes in the run context; two minutes unless set.
/// </summary>
internal static class RequestTimeout
{
    public static readonly TimeSpan Default = InferenceClientFactory.DefaultRequestTimeout;

    /// <exception cref="ArgumentException">One sentence naming the option.</exception>
    public static TimeSpan Parse(string text, string option)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds is >= 1 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} takes seconds from 1 to 3600, e.g. 30 (got '{text}')");
}
