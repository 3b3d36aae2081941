using System.Globalization;

namespace SpeedKings.Bench.Loopback.Standalone;

/// <summary>
/// The standalone command line: <c>--port N [--ttft-ms 20] [--tokens-per-second 500] [--tokens-per-chunk 4]
/// [--output-tokens N] [--jitter 0.1] [--seed 42] [--schedule SPEC]</c>, each also as <c>--name=value</c>. Errors are
/// <see cref="ArgumentException"/>s whose message is one sentence for the console.
/// </summary>
internal static class StandaloneArguments
{
    public const string Usage =
        "Usage: SpeedKings.Bench.Loopback [--port N] [--ttft-ms 20] [--tokens-per-second 500] [--tokens-per-chunk 4] "
        + "[--output-tokens N] [--jitter 0.1] [--seed 42] [--schedule \"ttft=20ms;tps=500;chunk=4\"]";

    /// <summary>Null when help was asked for.</summary>
    public static LoopbackOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new LoopbackOptions();
        EmissionSchedule schedule = options.Schedule;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help" or "-?")
                return null;
            if (!name.StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected argument '{name}': options start with '--' (try --help).");

            string? value = null;
            int equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                (name, value) = (name[..equals], name[(equals + 1)..]);
            else if (i + 1 < args.Count)
                value = args[++i];
            if (value is null)
                throw new ArgumentException($"Option {name} needs a value.");

            switch (name)
            {
                case "--port":
                    options = options with { Port = Integer(name, value, 0, 65535) };
                    break;
                case "--ttft-ms":
                    schedule = schedule with { TimeToFirstToken = TimeSpan.FromMilliseconds(Number(name, value)) };
                    break;
                case "--tokens-per-second":
                    schedule = schedule with { TokensPerSecond = Number(name, value) };
                    break;
                case "--tokens-per-chunk":
                    schedule = schedule with { TokensPerChunk = Integer(name, value, 1, int.MaxValue) };
                    break;
                case "--output-tokens":
                    schedule = schedule with { OutputTokens = Integer(name, value, 1, int.MaxValue) };
                    break;
                case "--jitter":
                    schedule = schedule with { Jitter = Number(name, value) };
                    break;
                case "--seed":
                    schedule = schedule with { Seed = Integer(name, value, int.MinValue, int.MaxValue) };
                    break;
                case "--schedule":
                    schedule = Spec(value, schedule);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}' (try --help).");
            }
        }

        if (schedule.ValidationError() is { } error)
            throw new ArgumentException(error);
        return options with { Schedule = schedule };
    }

    private static EmissionSchedule Spec(string value, EmissionSchedule over)
    {
        try
        {
            return EmissionSchedule.Parse(value, over);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    private static double Number(string name, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number)
            && Math.Abs(number) < 1e12)
            return number;
        throw new ArgumentException($"Option {name} needs a number, not '{value}'.");
    }

    private static int Integer(string name, string value, int min, int max)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number) && number >= min && number <= max)
            return number;
        throw new ArgumentException(string.Format(
            CultureInfo.InvariantCulture, "Option {0} needs a whole number from {1} to {2}, not '{3}'.", name, min, max, value));
    }
}
