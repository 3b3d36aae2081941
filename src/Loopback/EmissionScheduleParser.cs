using System.Globalization;

namespace SpeedKings.Bench.Loopback;

/// <summary>
/// The <c>key=value;key=value</c> syntax of <see cref="EmissionSchedule.Parse(string, EmissionSchedule)"/>. Every error is
/// one sentence naming the spec and the offending setting, because it ends up in a 400 body or on a console.
/// </summary>
internal static class EmissionScheduleParser
{
    private const string KnownKeys = "ttft, tps, chunk, tokens, jitter, seed, reasoning, load, prefill, dims or invalid";

    public static EmissionSchedule Parse(string spec, EmissionSchedule defaults)
    {
        EmissionSchedule schedule = defaults;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string rawSetting in spec.Split(';'))
        {
            string setting = rawSetting.Trim();
            if (setting.Length == 0)
                continue;

            int equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw Invalid(spec, $"'{setting}' is not of the form key=value");

            string key = setting[..equals].Trim().ToLowerInvariant();
            string value = setting[(equals + 1)..].Trim();
            if (!seen.Add(key))
                throw Invalid(spec, $"'{key}' is given twice");

            schedule = key switch
            {
                "ttft" => schedule with { TimeToFirstToken = ParseDuration(spec, key, value) },
                "tps" => schedule with { TokensPerSecond = ParseNumber(spec, key, value) },
                "chunk" => schedule with { TokensPerChunk = ParseInteger(spec, key, value) },
                "tokens" => schedule with
                {
                    OutputTokens = value.Equals("max", StringComparison.OrdinalIgnoreCase) ? null : ParseInteger(spec, key, value),
                },
                "jitter" => schedule with { Jitter = ParseFraction(spec, key, value) },
                "seed" => schedule with { Seed = ParseInteger(spec, key, value) },
                "reasoning" => schedule with { ReasoningTokens = ParseInteger(spec, key, value) },
                "load" => schedule with { ModelLoad = ParseDuration(spec, key, value) },
                "prefill" => schedule with { PrefillTokensPerSecond = ParseNumber(spec, key, value) },
                "dims" => schedule with { EmbeddingDimensions = ParseInteger(spec, key, value) },
                "invalid" => schedule with { InvalidEvery = ParseInteger(spec, key, value) },
                _ => throw Invalid(spec, $"'{key}' is not a setting (expected {KnownKeys})"),
            };
        }

        if (schedule.ValidationError() is { } error)
            throw new FormatException($"Schedule '{spec}' is invalid: {char.ToLowerInvariant(error[0])}{error[1..]}");
        return schedule;
    }

    private static TimeSpan ParseDuration(string spec, string key, string value)
    {
        (string number, double toMilliseconds) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (value[..^2], 1.0),
            _ when value.EndsWith("us", StringComparison.OrdinalIgnoreCase) => (value[..^2], 0.001),
            _ when value.EndsWith("µs", StringComparison.Ordinal) => (value[..^2], 0.001),
            _ when value.EndsWith('s') || value.EndsWith('S') => (value[..^1], 1000.0),
            _ => (value, 1.0),
        };

        double milliseconds = ParseNumber(spec, key, number.TrimEnd()) * toMilliseconds;
        // TimeSpan cannot hold more than about 29 000 years; anything near that is a typo, not a schedule.
        if (Math.Abs(milliseconds) > TimeSpan.MaxValue.TotalMilliseconds / 2)
            throw Invalid(spec, $"{key} '{value}' is out of range");
        return TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));
    }

    private static double ParseFraction(string spec, string key, string value)
        => value.EndsWith('%')
            ? ParseNumber(spec, key, value[..^1].TrimEnd()) / 100
            : ParseNumber(spec, key, value);

    private static double ParseNumber(string spec, string key, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
            return number;
        throw Invalid(spec, $"{key} needs a number, not '{value}'");
    }

    private static int ParseInteger(string spec, string key, string value)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
            return number;
        throw Invalid(spec, $"{key} needs a whole number, not '{value}'");
    }

    private static FormatException Invalid(string spec, string problem) => new($"Schedule '{spec}' is invalid: {problem}.");
}
