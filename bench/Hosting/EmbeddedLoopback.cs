using System.Diagnostics;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Starts the loopback reference for the <c>loopback</c> provider when nobody pointed it elsewhere. The host starts
/// it once and its address travels to every benchmark process in the run context, so the server runs outside the
/// measured process and one clock serves both (the monotonic clock is machine-wide).
/// </summary>
internal static class EmbeddedLoopback
{
    public const string ProviderId = "loopback";

    public static EmissionSchedule ScheduleOf(ProviderDescriptor descriptor)
        => descriptor.Schedule is { } spec ? EmissionSchedule.Parse(spec) : new EmissionSchedule();

    /// <summary>Starts the server when the run has a loopback target without an address (nobody set <c>LOOPBACK_BASE_URL</c>).</summary>
    /// <returns>The server, or null when none was needed; the targets with its address filled in.</returns>
    public static async Task<(LoopbackServer? Server, IReadOnlyList<RunTarget> Targets)> StartIfNeededAsync(IReadOnlyList<RunTarget> targets)
    {
        if (targets.FirstOrDefault(t => t.Provider.Id == ProviderId && t.IsConfigured && t.BaseUrl is null) is not { } target)
            return (null, targets);

        LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = ScheduleOf(target.Provider) });
        return (server, [.. targets.Select(t => t == target ? t with { BaseUrl = server.OpenAiBaseAddress } : t)]);
    }

    /// <summary>How the loopback rows are labelled, so nobody mistakes them for a provider: the schedule it keeps.</summary>
    public static string Describe(ProviderDescriptor descriptor)
    {
        EmissionSchedule s = ScheduleOf(descriptor);
        string jitter = s.Jitter > 0 ? $" ±{s.Jitter:P0} jitter" : "";
        return $"reference: TTFT {s.TimeToFirstToken.TotalMilliseconds:0.#} ms, {s.TokensPerSecond:0.#} tok/s, {s.TokensPerChunk} tok/chunk{jitter}";
    }

    /// <summary>
    /// What the harness added to one loopback request's TTFT: the client's first-token time minus the moment the
    /// server wrote that token, both on the machine-wide monotonic clock. Null for other providers.
    /// </summary>
    public static double? HarnessError(LoopbackServer server, RequestRecord record)
    {
        if (record.Provider != ProviderId || record.ProviderRequestId is not { } id || record.FirstTokenMs is not { } ttft
            || !server.GroundTruth.TryGet(id, out RequestGroundTruth? truth) || truth.TextChunks.Count == 0)
            return null;
        return ttft - Stopwatch.GetElapsedTime(record.StartTimestamp, truth.TextChunks[0].Timestamp).TotalMilliseconds;
    }
}
