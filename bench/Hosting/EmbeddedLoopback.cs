using System.Diagnostics;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Starts the loopback reference for the <c>loopback</c> provider when nobody pointed it elsewhere. The host starts
/// it once and hands its address to every benchmark process through <c>LOOPBACK_BASE_URL</c>, so the server runs
/// outside the measured process and one clock serves both (the monotonic clock is machine-wide).
/// </summary>
public static class EmbeddedLoopback
{
    public const string ProviderId = "loopback";

    public static EmissionSchedule ScheduleOf(ProviderDescriptor descriptor)
        => descriptor.Schedule is { } spec ? EmissionSchedule.Parse(spec) : new EmissionSchedule();

    /// <summary>Starts the server unless <c>LOOPBACK_BASE_URL</c> is already set; returns null when it was.</summary>
    public static async Task<LoopbackServer?> StartIfNeededAsync(ProviderCatalog catalog)
    {
        if (!catalog.TryFind(ProviderId, out ProviderDescriptor descriptor)
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(descriptor.BaseUrlVariable)))
            return null;

        // The host shares its thread pool with BenchmarkDotNet, which blocks pool threads while it waits on benchmark
        // processes. With the default minimum (one thread per core) the server's next chunk could wait for the pool
        // to inject a thread, which stalled streams for 0.6–0.9 s once per case on a 2-core machine.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = ScheduleOf(descriptor) });
        Environment.SetEnvironmentVariable(descriptor.BaseUrlVariable, server.OpenAiBaseAddress.AbsoluteUri);
        return server;
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
