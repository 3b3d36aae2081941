using System.Globalization;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// <c>./run.sh calibrate [--concurrency 1,16,256] [--chunks 4,1,16] [--streams 100] [--tokens 128] [--clients speedkings,openai-sdk] [--artifacts DIR]</c>.
/// Concurrency levels run at the first chunk size; the other chunk sizes run at concurrency 1 for the output-speed check.
/// </summary>
public sealed record CalibrationOptions
{
    public const string SpeedKingsClient = "speedkings";
    public const string OpenAiSdkClient = "openai-sdk";

    public int[] Concurrency { get; init; } = [1, 16, 256];

    public int[] Chunks { get; init; } = [4, 1, 16];

    /// <summary>Measured streams per level (at least the level's concurrency).</summary>
    public int Streams { get; init; } = 100;

    public int Tokens { get; init; } = 128;

    public string[] Clients { get; init; } = [SpeedKingsClient, OpenAiSdkClient];

    /// <summary>Where the calibration folder goes, as BenchmarkDotNet's <c>--artifacts</c>; null for the suite's own.</summary>
    public string? Artifacts { get; init; }

    /// <summary>The loopback's schedule for one chunk size: 20 ms to the first token, 1,000 tok/s, a fixed length.</summary>
    public string ScheduleFor(int tokensPerChunk)
        => string.Create(CultureInfo.InvariantCulture, $"ttft=20ms;tps=1000;chunk={tokensPerChunk};tokens={Tokens}");

    /// <exception cref="ArgumentException">One sentence saying which option is wrong and what it takes.</exception>
    public static CalibrationOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CalibrationOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--concurrency" => options with { Concurrency = Integers(name, value, 1, 10_000) },
                "--chunks" => options with { Chunks = Integers(name, value, 1, 1_000) },
                "--streams" => options with { Streams = Integers(name, value, 1, 100_000).Single() },
                "--tokens" => options with { Tokens = Integers(name, value, 2, 16_384).Single() },
                "--clients" => options with { Clients = ClientList(value) },
                "--artifacts" => options with { Artifacts = value },
                _ => throw new ArgumentException($"calibrate does not take '{name}'; it takes --concurrency, --chunks, --streams, --tokens, --clients and --artifacts."),
            };
        }

        return options;
    }

    private static int[] Integers(string name, string value, int min, int max)
    {
        string[] parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var numbers = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] < min || numbers[i] > max)
                throw new ArgumentException($"{name} takes whole numbers from {min} to {max}, comma-separated (got '{value}').");
        }

        return numbers.Length > 0 ? numbers : throw new ArgumentException($"{name} needs at least one number.");
    }

    private static string[] ClientList(string value)
    {
        string[] clients = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return clients.Length > 0 && clients.All(c => c is SpeedKingsClient or OpenAiSdkClient)
            ? clients
            : throw new ArgumentException($"--clients takes {SpeedKingsClient} and/or {OpenAiSdkClient}, comma-separated (got '{value}').");
    }
}
