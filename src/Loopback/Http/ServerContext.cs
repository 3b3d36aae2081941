using System.Collections.Concurrent;
using System.Globalization;
using SpeedKings.Bench.Loopback.Timing;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>What every endpoint of one server shares: schedule, ground truth, pacer, request numbering, shutdown.</summary>
internal sealed class ServerContext : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, byte> _loadedModels = new(StringComparer.Ordinal);
    private int _lastSequence;

    public ServerContext(EmissionSchedule schedule, int groundTruthCapacity, int? slots = null, double? decodeTokensPerSecond = null)
    {
        Schedule = schedule;
        Decode = decodeTokensPerSecond is { } capacity ? new Emission.DecodeCapacity(capacity) : null;
        // FIFO enough for a model: SemaphoreSlim serves waiters in the order they asked.
        Slots = slots is { } n ? new SemaphoreSlim(n, n) : null;
        GroundTruth = new GroundTruthLog(groundTruthCapacity);
        Pacer = new DeadlinePacer();
    }

    public EmissionSchedule Schedule { get; }

    /// <summary>The engine's capacity (<see cref="LoopbackOptions.Slots"/>); null for unlimited.</summary>
    public SemaphoreSlim? Slots { get; }

    /// <summary>The engine's decode throughput its generating streams share (<see cref="LoopbackOptions.DecodeTokensPerSecond"/>); null for unlimited.</summary>
    public Emission.DecodeCapacity? Decode { get; }

    /// <summary>The faults requests ask for, and how many times each has struck.</summary>
    public Faults.FaultSelector Faults { get; } = new();

    public GroundTruthLog GroundTruth { get; }

    /// <summary>Running and waiting requests and TTFT, as an engine exposes them for Prometheus.</summary>
    public Diagnostics.EngineMetrics Metrics { get; } = new();

    /// <summary>Prompt prefixes seen: a repeated long prefix skips its prefill and is reported as cached input.</summary>
    public PrefixCache PrefixCache { get; } = new();

    /// <summary>Keeps a finished request's ground truth and counts it in the metrics.</summary>
    public void Record(RequestGroundTruth truth)
    {
        GroundTruth.Record(truth);
        Metrics.Finished(truth);
    }

    public DeadlinePacer Pacer { get; }

    /// <summary>Fires when the server is being disposed: in-flight streams stop instead of holding shutdown up.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Numbers a request that has just arrived at <paramref name="receivedTimestamp"/>.</summary>
    public RequestIdentity NextRequest(long receivedTimestamp)
    {
        int sequence = Interlocked.Increment(ref _lastSequence);
        return new RequestIdentity("lb-" + sequence.ToString(CultureInfo.InvariantCulture), sequence, receivedTimestamp);
    }

    /// <summary>
    /// The model load a request for <paramref name="model"/> pays: all of <paramref name="load"/> for the first request
    /// of that model that asks for one, zero afterwards (the model stays "loaded" for the server's lifetime). A request
    /// with no load leaves the model unloaded, so a later request can still ask for a cold start.
    /// </summary>
    public TimeSpan ClaimModelLoad(string model, TimeSpan load)
        => load > TimeSpan.Zero && _loadedModels.TryAdd(model, 0) ? load : TimeSpan.Zero;

    public void BeginStopping() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Cancel();
        Pacer.Dispose();
        Slots?.Dispose();
        _stopping.Dispose();
    }
}
