namespace SpeedKings.Bench.Calibration;

/// <summary>
/// What one client saw of one stream: the server's request id, the client's t0 (raw Stopwatch timestamp) and the
/// arrival of each text event in milliseconds after it. <see cref="OutputTokensPerSecond"/> is the client's own figure
/// when it computes one; <see cref="FirstTokenHandOffMs"/> the HTTP/2 hand-off after the first token's arrival, when
/// the client stamps the connection's reads (the suite's own, over HTTP/2).
/// </summary>
internal sealed record ClientObservation(
    string? RequestId, long StartTimestamp, double[] ArrivalsMs, int TextChars, double? OutputTokensPerSecond, string? Failure, double? FirstTokenHandOffMs = null);
