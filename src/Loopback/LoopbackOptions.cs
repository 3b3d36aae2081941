namespace SpeedKings.Bench.Loopback;

/// <summary>How to start a <see cref="LoopbackServer"/>.</summary>
public sealed record LoopbackOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 lets the OS pick a free one (read it back from the server's addresses).</summary>
    public int Port { get; init; }

    /// <summary>The server-wide schedule; a request may override parts of it with <c>x-loopback-schedule</c>.</summary>
    public EmissionSchedule Schedule { get; init; } = new();

    /// <summary>
    /// Serve HTTPS, HTTP/1.1 and HTTP/2 negotiated by ALPN, as providers do, with a certificate made at start
    /// (<see cref="LoopbackServer.CertificateSha256"/> is what a client pins). Off: cleartext HTTP/1.1.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>
    /// The server runs inside another program (the benchmark host, a test run) and shares its thread pool: raise the
    /// pool's minimum so a blocked host never delays a chunk. A process of its own (standalone) leaves the pool alone.
    /// </summary>
    public bool SharesProcess { get; init; } = true;

    /// <summary>
    /// The engine's capacity: at most this many requests are served at once, the rest wait in arrival order before
    /// their prefill (and before their response headers), as a saturated engine queues them. The wait is kept in the
    /// ground truth (<see cref="RequestGroundTruth.QueueWait"/>). Null: unlimited.
    /// </summary>
    public int? Slots { get; init; }

    /// <summary>
    /// The engine's decode throughput in tokens a second, shared by the streams generating at once: each gets at most
    /// its share, and never more than its schedule's rate, so per-stream speed falls with load and the streams together
    /// never emit more than this. Null: unlimited (every stream at its schedule).
    /// </summary>
    public double? DecodeTokensPerSecond { get; init; }

    /// <summary>How many requests' ground truth is kept; the oldest is evicted past this.</summary>
    public int GroundTruthCapacity { get; init; } = 10_000;
}
