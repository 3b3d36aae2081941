using System.Globalization;
using System.Text.Json;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// The short calibration every benchmark run starts with, so each report states the harness's own error on the
/// machine that produced it: 30 streams through the suite's client against a loopback process, first-token arrival
/// compared with the server's write. About three seconds.
/// </summary>
internal static class HarnessSelfCheck
{
    public const int Streams = 30;
    private const string Schedule = "ttft=20ms;tps=1000;chunk=4;tokens=64";

    /// <param name="loopback">The catalog's loopback entry: the self-check sends what a loopback case sends.</param>
    /// <param name="tls">Check over HTTPS with HTTP/2 — the path the run's cloud providers take — instead of cleartext HTTP/1.1.</param>
    /// <returns>The result, for the run context; null when the check could not run.</returns>
    public static async Task<LevelResult?> RunAsync(ProviderDescriptor loopback, bool tls, string saveTo, TextWriter log)
    {
        LevelResult result;
        try
        {
            await using LoopbackProcess server = await LoopbackProcess.StartAsync(Schedule, tls);
            using var client = new SuiteClient(server, loopback, new ChatRequest("SelfCheck", "Be brief.", "Explain a binary search tree.", 64));
            result = await CalibrationLevel.RunAsync(client, server, 4, concurrency: 1, Streams, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            // The run is still worth having without it; the report says the check is missing.
            await log.WriteLineAsync($"// Harness self-check could not run: {e.Message}");
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(saveTo)!);
        await File.WriteAllTextAsync(saveTo, JsonSerializer.Serialize(result, CalibrationReport.Json));
        await log.WriteLineAsync("// " + Describe(result));
        return result;
    }

    public static string Describe(LevelResult check) => string.Format(
        CultureInfo.InvariantCulture,
        "Harness self-check on this machine ({0} streams against a loopback process, {7}, {1}): TTFT error p50 {2:0.000} ms, max {3:0.000} ms; chunk-gap error p50 {4:0.000} ms; output-speed error p50 {5:0.00} %; {6} lost.",
        check.Streams, Schedule, check.TtftErrorMs.P50, check.TtftErrorMs.Max, check.GapErrorMs.P50, check.SpeedErrorPercent.P50, check.LostOrMisattributed, check.Protocol);

    /// <summary>Compact form for a report column: "p50 0.180 / max 0.450".</summary>
    public static string Cell(LevelResult? check) => check is null
        ? "not run"
        : string.Format(CultureInfo.InvariantCulture, "p50 {0:0.000} / max {1:0.000}", check.TtftErrorMs.P50, check.TtftErrorMs.Max);
}
