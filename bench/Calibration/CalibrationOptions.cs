using System.CommandLine;
using System.Globalization;
using SpeedKings.Bench.CommandLine;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// <c>./run.sh calibrate [--concurrency 1,16,256] [--chunks 4,1,16] [--streams 100] [--tokens 128] [--clients speedkings,openai-sdk] [--protocols http1,http2] [--pin true|false] [--artifacts DIR]</c>.
/// Concurrency levels run at the first chunk size; the other chunk sizes run at concurrency 1 for the output-speed check.
/// </summary>
internal sealed record CalibrationOptions
{
    public const string SpeedKingsClient = "speedkings";
    public const string OpenAiSdkClient = "openai-sdk";

    public int[] Concurrency { get; init; } = [1, 16, 256];

    public int[] Chunks { get; init; } = [4, 1, 16];

    /// <summary>Measured streams per level (at least the level's concurrency).</summary>
    public int Streams { get; init; } = 100;

    public int Tokens { get; init; } = 128;

    public string[] Clients { get; init; } = [SpeedKingsClient, OpenAiSdkClient];

    public const string Http1 = "http1";
    public const string Http2 = "http2";

    /// <summary>Transports to calibrate side by side: cleartext HTTP/1.1 and HTTP/2 over TLS, the path providers use.</summary>
    public string[] Protocols { get; init; } = [Http1, Http2];

    /// <summary>The server on a core of its own and the client on the others, where the machine and OS allow it.</summary>
    public bool Pin { get; init; } = true;

    /// <summary>Where the calibration folder goes; null for the suite's own artifacts folder.</summary>
    public string? Artifacts { get; init; }

    /// <summary>The loopback's schedule for one chunk size: 20 ms to the first token, 1,000 tok/s, a fixed length.</summary>
    public string ScheduleFor(int tokensPerChunk)
        => string.Create(CultureInfo.InvariantCulture, $"ttft=20ms;tps=1000;chunk={tokensPerChunk};tokens={Tokens}");

    /// <summary>The options on a command, and how to read them back.</summary>
    public static Func<ParseResult, CalibrationOptions> AddTo(Command command)
    {
        var defaults = new CalibrationOptions();
        Option<int[]> concurrency = Counts("--concurrency", "Streams at once, one level each", "1,16,256", 1, 10_000, defaults.Concurrency);
        Option<int[]> chunks = Counts("--chunks", "Tokens per chunk; the first carries the concurrency levels", "4,1,16", 1, 1_000, defaults.Chunks);
        var streams = new Option<int>("--streams") { Description = "Measured streams per level", HelpName = "N", DefaultValueFactory = _ => defaults.Streams }
            .Parsed(text => OptionParsing.Count(text, "--streams", 1, 100_000));
        var tokens = new Option<int>("--tokens") { Description = "Tokens per stream", HelpName = "N", DefaultValueFactory = _ => defaults.Tokens }
            .Parsed(text => OptionParsing.Count(text, "--tokens", 2, 16_384));
        var clients = new Option<string[]>("--clients")
        {
            Description = $"Clients to calibrate: {SpeedKingsClient} and/or {OpenAiSdkClient}",
            HelpName = "LIST",
            DefaultValueFactory = _ => defaults.Clients,
        }.Parsed(ClientList);
        var protocols = new Option<string[]>("--protocols")
        {
            Description = $"Transports: {Http1} (cleartext HTTP/1.1) and/or {Http2} (HTTP/2 over TLS, as providers serve)",
            HelpName = "LIST",
            DefaultValueFactory = _ => defaults.Protocols,
        }.Parsed(ProtocolList);
        var pin = new Option<bool>("--pin")
        {
            Description = "Run the server on a core of its own and the client on the others (Linux, Windows; at least two cores)",
            HelpName = "true|false",
            DefaultValueFactory = _ => defaults.Pin,
        };
        Option<string?> artifacts = ArtifactsOption.Create();
        foreach (Option option in (Option[])[concurrency, chunks, streams, tokens, clients, protocols, pin, artifacts])
            command.Options.Add(option);
        return result => new CalibrationOptions
        {
            Concurrency = result.GetValue(concurrency)!,
            Chunks = result.GetValue(chunks)!,
            Streams = result.GetValue(streams),
            Tokens = result.GetValue(tokens),
            Clients = result.GetValue(clients)!,
            Protocols = result.GetValue(protocols)!,
            Pin = result.GetValue(pin),
            Artifacts = result.GetValue(artifacts),
        };
    }

    private static Option<int[]> Counts(string name, string description, string example, int min, int max, int[] defaults)
        => new Option<int[]>(name) { Description = description, HelpName = example, DefaultValueFactory = _ => defaults }
            .Parsed(text => OptionParsing.Counts(text, name, min, max));

    private static string[] ProtocolList(string value)
    {
        string[] protocols = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return protocols.Length > 0 && protocols.All(p => p is Http1 or Http2)
            ? protocols
            : throw new ArgumentException($"--protocols takes {Http1} and/or {Http2}, comma-separated (got '{value}')");
    }

    private static string[] ClientList(string value)
    {
        string[] clients = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return clients.Length > 0 && clients.All(c => c is SpeedKingsClient or OpenAiSdkClient)
            ? clients
            : throw new ArgumentException($"--clients takes {SpeedKingsClient} and/or {OpenAiSdkClient}, comma-separated (got '{value}')");
    }
}
