namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// What a framing reported to the client beyond text (usage, server timings, cost), noted as it writes them so the
/// ground truth holds exactly the figures that went on the wire. Filled once per response, at its end: the dictionary
/// is allocated then, never per chunk.
/// </summary>
internal sealed class ServerReport
{
    private Dictionary<string, double>? _timings;

    public ReportedUsage? Usage { get; set; }

    public decimal? CostUsd { get; set; }

    public IReadOnlyDictionary<string, double>? Timings => _timings;

    /// <summary>Records a timing under its JSON path and returns it, so a writer can note and write in one expression.</summary>
    public double Timing(string path, double value)
    {
        (_timings ??= new Dictionary<string, double>(StringComparer.Ordinal))[path] = value;
        return value;
    }

    /// <summary>Seconds rounded to the nanosecond, as providers print them; the rounded value is what is sent and kept.</summary>
    public static double RoundSeconds(double seconds) => Math.Round(seconds, 9);

    /// <summary>Milliseconds rounded to the microsecond (llama.cpp prints three decimals).</summary>
    public static double RoundMilliseconds(double milliseconds) => Math.Round(milliseconds, 3);
}
