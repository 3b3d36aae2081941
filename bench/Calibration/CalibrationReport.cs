using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SpeedKings.Bench.Reporting;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Calibration;

/// <summary>Prints a calibration's levels and target checks, and saves them as Markdown and JSON.</summary>
internal sealed record CalibrationReport(
    DateTimeOffset StartedUtc, string Environment, string Cores, IReadOnlyList<string> Schedules, IReadOnlyList<LevelResult> Levels, IReadOnlyList<string> Targets)
{
    /// <summary>Indented, and NaN written as "NaN" (an empty distribution has no percentiles).</summary>
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static readonly string[] Headers =
    [
        "Client", "Protocol", "Tok/chunk", "Concurrency", "Streams", "TTFT err p50 (ms)", "TTFT err p99 (ms)", "TTFT err max (ms)",
        "H2 hand-off p99 (ms)",
        "Gap err p50 (ms)", "Gap err p99 (ms)", "Speed err p50 (%)", "Speed err max (%)", "Lost", "CPU (% of a core)",
        "GC pause (ms)", "GCs 0/1/2", "Pool queue max", "Peak heap (MB)", "Heap growth (MB)", "Live heap growth (MB)",
    ];

    public static string DescribeEnvironment()
        => $"{RuntimeInformation.OSDescription.Trim()}, {System.Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}";

    public void WriteTo(TextWriter output)
    {
        var table = new Table(Headers);
        foreach (LevelResult level in Levels)
            table.Add(Cells(level));
        table.WriteTo(output);
        output.WriteLine();
        output.WriteLine("// Cores: " + Cores);
        foreach (string target in Targets)
            output.WriteLine("// " + target);
    }

    /// <summary>Writes <c>calibration-&lt;utc&gt;.md</c> and <c>.json</c> into <paramref name="directory"/>; returns the Markdown path.</summary>
    public string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        string stem = Path.Combine(directory, "calibration-" + StartedUtc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(this, Json));
        File.WriteAllText(stem + ".md", Markdown());
        return stem + ".md";
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        md.AppendLine(culture, $"# Client calibration, {StartedUtc:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(culture, $"Environment: {Environment}. Cores: {Cores}. Loopback reference in its own process on 127.0.0.1: {string.Join("; ", Schedules)}.");
        md.AppendLine();
        md.AppendLine("Errors compare each client timestamp with the server's write timestamp of the same chunk on the machine-wide monotonic clock. " +
            "TTFT error = first text arrival − first text write. " +
            "H2 hand-off = how much later the reader got the first token than the HTTP/2 connection read that brought it: the thread-pool hop TTFT leaves out, " +
            "since the suite stamps the connection's reads (- where the reader's read is the connection's). Gap error = |client gap − server gap| for each later chunk. " +
            "Speed error = |client tok/s − server tok/s| / server tok/s, both as (N − n_first) / (t_last − t_first). " +
            "CPU, GC and thread-pool figures are the client process's own during the measured streams.");
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", Headers) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", Headers.Length)));
        foreach (LevelResult level in Levels)
            md.AppendLine("| " + string.Join(" | ", Cells(level)) + " |");
        md.AppendLine();
        foreach (string target in Targets)
            md.AppendLine("- " + target);
        return md.ToString();
    }

    private static string[] Cells(LevelResult l)
    {
        var c = CultureInfo.InvariantCulture;
        return
        [
            l.Client, l.Protocol, l.TokensPerChunk.ToString(c), l.Concurrency.ToString(c), l.Streams.ToString(c),
            Ms(l.TtftErrorMs.P50), Ms(l.TtftErrorMs.P99), Ms(l.TtftErrorMs.Max), Ms(l.HandOffMs.P99), Ms(l.GapErrorMs.P50), Ms(l.GapErrorMs.P99),
            Percent(l.SpeedErrorPercent.P50), Percent(l.SpeedErrorPercent.Max), l.LostOrMisattributed.ToString(c),
            l.Load.CpuPercentOfOneCore.ToString("0", c), l.Load.GcPauseMs.ToString("0.0", c), $"{l.Load.Gen0}/{l.Load.Gen1}/{l.Load.Gen2}",
            l.Load.ThreadPoolQueueMax.ToString(c), l.Load.PeakManagedHeapMb.ToString("0.0", c), l.Load.HeapGrowthMb.ToString("0.0", c), l.LiveHeapGrowthMb.ToString("0.0", c),
        ];

        static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);

        static string Percent(double value) => double.IsNaN(value) ? "-" : value.ToString("0.00", CultureInfo.InvariantCulture);
    }
}
