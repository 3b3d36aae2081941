using SpeedKings.Bench.Providers.Client.Http2;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// Wraps a response body and stamps the moment each read completes. A frame is complete when the read that
/// delivered its last byte returns, so that read's timestamp is the frame's arrival time, however long the parser
/// takes afterwards. Over HTTP/2 the read that delivered the bytes is the connection's, not this one (which returns
/// a thread-pool hop later): with the stream's <see cref="StreamArrivals"/>, the arrival is that connection read's.
/// </summary>
/// <param name="frames">The response's HTTP/2 frame arrivals; null over HTTP/1.1, where this read is the connection's.</param>
internal sealed class TimestampingStream(Stream inner, StreamArrivals? frames = null) : ReadObservingStream(inner)
{
    private long _consumed;

    /// <summary>Raw <see cref="StreamTimer.Now"/> timestamp of when the last read's last byte arrived.</summary>
    public long LastReadTimestamp { get; private set; }

    /// <summary>When the last read returned to this reader: later than <see cref="LastReadTimestamp"/> by the HTTP/2 hand-off.</summary>
    public long LastDeliveredTimestamp { get; private set; }

    /// <summary>Whether arrivals are the connection's reads (HTTP/2), apart from this reader's own.</summary>
    public bool StampsConnectionReads => frames is not null;

    protected override void OnRead(ReadOnlySpan<byte> bytes)
    {
        long now = StreamTimer.Now();
        LastDeliveredTimestamp = now;
        LastReadTimestamp = frames is null ? now : frames.ArrivalOf(_consumed += bytes.Length, now);
    }
}
