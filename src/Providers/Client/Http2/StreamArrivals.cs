namespace SpeedKings.Bench.Providers.Client.Http2;

/// <summary>
/// When each DATA frame of one request's HTTP/2 stream finished arriving on its connection, for that request's
/// response reader. The handler copies a frame into the stream's buffer only once the connection has read all of it,
/// and then wakes the reader on the thread pool: the reader's own read returns later, by that hop, than the
/// connection read that delivered its bytes. Looking a read's last byte up here gives that connection read's moment,
/// the definition every other path uses (the read that delivered the last byte).
/// <para>
/// A single-producer, single-consumer ring: the connection's frame loop appends, the reader pops, neither locks
/// nor allocates. Every entry carries the generation of the stream it belongs to, a number given anew each time a
/// stream is bound to this request (a retried attempt is a new stream), so entries of an earlier attempt or request
/// are passed over, never taken for this one's. When the reader falls more than <see cref="Capacity"/> frames
/// behind, the frames beyond are not kept and their reads keep the reader's own (later, never earlier) moment.
/// </para>
/// </summary>
internal sealed class StreamArrivals
{
    public const int Capacity = 128;
    private const int Mask = Capacity - 1;

    // Made by the first frame to arrive: a client whose responses never come over HTTP/2 never holds one.
    private Entry[]? _ring;
    private long _head;      // written by the connection only
    private long _tail;      // written by the reader only
    private long _generation;

    /// <summary>The generation of the stream bound most recently; the reader takes only its entries.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Drops what earlier requests left (the reader's side, before a request goes out), so the ring is free for it.</summary>
    public void Discard() => Volatile.Write(ref _tail, Volatile.Read(ref _head));

    /// <summary>A new stream carries this request (called by the connection that saw its HEADERS go out).</summary>
    public long Bind() => Interlocked.Increment(ref _generation);

    /// <summary>
    /// The connection finished reading a DATA frame of generation <paramref name="generation"/> that brings the
    /// stream's data to <paramref name="end"/> bytes, at <paramref name="timestamp"/>.
    /// </summary>
    public void Append(long generation, long end, long timestamp)
    {
        if (generation != Volatile.Read(ref _generation))
            return; // a stream this request has moved on from (an abandoned attempt) writes nothing
        Entry[]? ring = _ring;
        if (ring is null)
            Volatile.Write(ref _ring, ring = new Entry[Capacity]);
        long head = _head;
        if (head - Volatile.Read(ref _tail) >= Capacity)
            return;
        ring[(int)(head & Mask)] = new Entry(generation, end, timestamp);
        Volatile.Write(ref _head, head + 1);
    }

    /// <summary>
    /// When the frame holding the reader's byte number <paramref name="consumed"/> (counted from 1) finished arriving;
    /// <paramref name="fallback"/> (the reader's own moment) when no frame of the current stream covers it.
    /// </summary>
    public long ArrivalOf(long consumed, long fallback)
    {
        long generation = Volatile.Read(ref _generation);
        long head = Volatile.Read(ref _head);
        Entry[]? ring = Volatile.Read(ref _ring);
        long tail = _tail;
        for (; tail < head; tail++)
        {
            // A frame the reader has gone past, or one of another stream, is done with.
            ref readonly Entry entry = ref ring![(int)(tail & Mask)];
            if (entry.Generation == generation && entry.End >= consumed)
            {
                Volatile.Write(ref _tail, tail);
                return entry.Timestamp <= fallback ? entry.Timestamp : fallback;
            }
        }

        Volatile.Write(ref _tail, tail);
        return fallback;
    }

    private readonly record struct Entry(long Generation, long End, long Timestamp);
}
