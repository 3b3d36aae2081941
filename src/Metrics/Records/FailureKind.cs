namespace SpeedKings.Bench.Metrics.Records;

/// <summary>Why a request produced no measurement. Failures are counted per class and never enter latency statistics.</summary>
public enum FailureKind
{
    /// <summary>401/403: the key is missing, wrong or lacks access.</summary>
    Auth,

    /// <summary>429 (and provider-specific "overloaded" answers that mean "slow down").</summary>
    RateLimited,

    /// <summary>No headers, no first token or no end of stream within the allowed time.</summary>
    Timeout,

    /// <summary>5xx, or an error reported by the server inside a 200 stream.</summary>
    Server,

    /// <summary>4xx other than auth and rate limits: the request itself was refused (unknown model, bad parameter).</summary>
    Request,

    /// <summary>The bytes did not follow the wire format: malformed frame, broken connection mid-stream, no end.</summary>
    Protocol,

    /// <summary>Not sent because the run's budget could not cover its worst case.</summary>
    Budget,
}
