using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SpeedKings.Bench.Loopback.Standalone;

/// <summary>
/// The standalone command line, on System.CommandLine: <c>--port N [--schedule SPEC] [--ttft-ms 20]
/// [--tokens-per-second 500] [--tokens-per-chunk 4] [--output-tokens N] [--jitter 0.1] [--seed 42] [--slots N]
/// [--decode-tps N]</c>, each also as
/// <c>--name=value</c>, and <c>--help</c>. The single options apply over <c>--schedule</c>: the more specific wins.
/// </summary>
internal static class StandaloneArguments
{
    private static readonly Option<int> Port = Whole("--port", "Port on 127.0.0.1 (0: any free port)", 0, 65535, defaultValue: 0);
    private static readonly Option<bool> Tls = new("--tls") { Description = "Serve HTTPS with HTTP/1.1 and HTTP/2 (ALPN), as providers do; the certificate is made at start and its SHA-256 printed" };
    private static readonly Option<string?> Schedule = new("--schedule") { Description = "A whole schedule, e.g. \"ttft=20ms;tps=500;chunk=4\"", HelpName = "SPEC" };
    private static readonly Option<double?> TtftMs = Number("--ttft-ms", "Milliseconds to the first token");
    private static readonly Option<double?> TokensPerSecond = Number("--tokens-per-second", "Output speed after the first token");
    private static readonly Option<int?> TokensPerChunk = OptionalWhole("--tokens-per-chunk", "Tokens in each streamed chunk", 1, int.MaxValue);
    private static readonly Option<int?> OutputTokens = OptionalWhole("--output-tokens", "Tokens per response (default: the request's max tokens)", 1, int.MaxValue);
    private static readonly Option<double?> Jitter = Number("--jitter", "Relative jitter of chunk gaps, e.g. 0.1");
    private static readonly Option<int?> Seed = OptionalWhole("--seed", "Seed of the jitter", int.MinValue, int.MaxValue);
    private static readonly Option<int?> Slots = OptionalWhole("--slots", "Requests served at once; the rest queue before prefill, as a saturated engine does (default: unlimited)", 1, 100_000);
    private static readonly Option<double?> DecodeTokensPerSecond = Number("--decode-tps", "Decode throughput the generating streams share, tokens/s: each gets at most its share, so per-stream speed falls with load (default: unlimited)");

    public static RootCommand Command()
    {
        var command = new RootCommand("The SpeedKings.Bench loopback reference: a Kestrel server on 127.0.0.1 that streams in every provider's wire format on an exact schedule and records what it sent.");
        foreach (Option option in (Option[])[Port, Tls, Schedule, TtftMs, TokensPerSecond, TokensPerChunk, OutputTokens, Jitter, Seed, Slots, DecodeTokensPerSecond])
            command.Options.Add(option);
        return command;
    }

    /// <exception cref="ArgumentException">One sentence for the console: the schedule is not one the server can keep.</exception>
    public static LoopbackOptions Bind(ParseResult result)
    {
        if (result.GetValue(DecodeTokensPerSecond) is <= 0)
            throw new ArgumentException("--decode-tps needs a positive number of tokens a second.");
        var options = new LoopbackOptions
        {
            Port = result.GetValue(Port), Tls = result.GetValue(Tls), SharesProcess = false, Slots = result.GetValue(Slots),
            DecodeTokensPerSecond = result.GetValue(DecodeTokensPerSecond),
        };
        EmissionSchedule schedule = options.Schedule;
        if (result.GetValue(Schedule) is { } spec)
        {
            try
            {
                schedule = EmissionSchedule.Parse(spec, schedule);
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message, e);
            }
        }

        if (result.GetValue(TtftMs) is { } ttft)
            schedule = schedule with { TimeToFirstToken = TimeSpan.FromMilliseconds(ttft) };
        if (result.GetValue(TokensPerSecond) is { } tps)
            schedule = schedule with { TokensPerSecond = tps };
        if (result.GetValue(TokensPerChunk) is { } chunk)
            schedule = schedule with { TokensPerChunk = chunk };
        if (result.GetValue(OutputTokens) is { } tokens)
            schedule = schedule with { OutputTokens = tokens };
        if (result.GetValue(Jitter) is { } jitter)
            schedule = schedule with { Jitter = jitter };
        if (result.GetValue(Seed) is { } seed)
            schedule = schedule with { Seed = seed };
        return schedule.ValidationError() is { } error ? throw new ArgumentException(error) : options with { Schedule = schedule };
    }

    private static Option<double?> Number(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => double.TryParse(Token(result), NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            && double.IsFinite(number) && Math.Abs(number) < 1e12
                ? number
                : Refuse<double?>(result, $"Option {name} needs a number, not '{Token(result)}'."),
    };

    private static Option<int?> OptionalWhole(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        CustomParser = result => ParseWhole(result, name, min, max),
    };

    private static Option<int> Whole(string name, string description, int min, int max, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseWhole(result, name, min, max) ?? defaultValue,
    };

    private static int? ParseWhole(ArgumentResult result, string name, int min, int max)
        => int.TryParse(Token(result), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number) && number >= min && number <= max
            ? number
            : Refuse<int?>(result, string.Format(CultureInfo.InvariantCulture, "Option {0} needs a whole number from {1} to {2}, not '{3}'.", name, min, max, Token(result)));

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static T Refuse<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
