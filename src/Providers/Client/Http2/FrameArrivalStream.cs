using System.Collections.Concurrent;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client.Http2;

/// <summary>
/// An HTTP/2 connection's plaintext, between the TLS stream and the handler's frame loop (the handler's
/// <see cref="SocketsHttpHandler.PlaintextStreamFilter"/>). Outgoing, it finds each request's HEADERS and binds the
/// stream id to that request's <see cref="StreamArrivals"/>; incoming, it stamps every read when it returns and
/// hands each bound stream the moment each of its DATA frames was complete. It reads frame headers only, copies no
/// data, and passes every byte through unchanged.
/// </summary>
internal sealed class FrameArrivalStream(Stream inner, ArrivalRegistry registry) : ReadObservingStream(inner)
{
    private const int MostHeaderBlockBytes = 16384; // HTTP/2's default largest frame

    // The client's connection preface comes before its first frame.
    private int _prefaceLeft = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.Length;

    private readonly ConcurrentDictionary<int, BoundStream> _bound = new();
    private FrameCursor _incoming;
    private FrameCursor _outgoing;
    private int _padding;
    private byte[] _headerBlock = new byte[1024];

    /// <summary>Creates one per connection that negotiated HTTP/2; any other keeps its stream as it is.</summary>
    public static Func<SocketsHttpPlaintextStreamFilterContext, CancellationToken, ValueTask<Stream>> Filter(ArrivalRegistry registry)
        => (context, _) => ValueTask.FromResult(context.NegotiatedHttpVersion.Major == 2
            ? new FrameArrivalStream(context.PlaintextStream, registry)
            : context.PlaintextStream);

    public override bool CanWrite => true;

    // Stamped as the read returns, before any parsing.
    protected override void OnRead(ReadOnlySpan<byte> bytes) => WalkIncoming(bytes, StreamTimer.Now());

    // Scanned before it is written: the answer to a HEADERS frame must not find its stream unbound.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        WalkOutgoing(buffer.Span);
        return Inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        WalkOutgoing(buffer);
        Inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
    public override void Flush() => Inner.Flush();

    private void WalkIncoming(ReadOnlySpan<byte> bytes, long timestamp)
    {
        while (!bytes.IsEmpty)
        {
            ReadOnlySpan<byte> piece = _incoming.Advance(ref bytes, out int offset, out bool ended);
            // A padded DATA frame says in its first byte how much padding follows its data.
            if (offset == 0 && !piece.IsEmpty && _incoming.Type == FrameCursor.Data && (_incoming.Flags & FrameCursor.Padded) != 0)
                _padding = piece[0] + 1;
            if (ended)
                EndIncoming(timestamp);
        }
    }

    private void EndIncoming(long timestamp)
    {
        int stream = _incoming.StreamId;
        bool endsStream = (_incoming.Flags & FrameCursor.EndStream) != 0;
        switch (_incoming.Type)
        {
            case FrameCursor.Data:
                int data = _incoming.Length - _padding;
                _padding = 0;
                if (data > 0 && _bound.TryGetValue(stream, out BoundStream? bound))
                {
                    bound.Delivered += data;
                    bound.Arrivals.Append(bound.Generation, bound.Delivered, timestamp);
                }

                if (endsStream)
                    _bound.TryRemove(stream, out _);
                break;
            case FrameCursor.Headers when endsStream:
            case FrameCursor.RstStream:
                _bound.TryRemove(stream, out _);
                break;
        }
    }

    private void WalkOutgoing(ReadOnlySpan<byte> bytes)
    {
        if (_prefaceLeft > 0)
        {
            int preface = Math.Min(_prefaceLeft, bytes.Length);
            bytes = bytes[preface..];
            _prefaceLeft -= preface;
        }

        while (!bytes.IsEmpty)
        {
            ReadOnlySpan<byte> piece = _outgoing.Advance(ref bytes, out int offset, out bool ended);
            if (_outgoing.Type is FrameCursor.Headers or FrameCursor.Continuation && _outgoing.Length <= MostHeaderBlockBytes)
            {
                if (_headerBlock.Length < _outgoing.Length)
                    _headerBlock = new byte[_outgoing.Length];
                piece.CopyTo(_headerBlock.AsSpan(offset));
            }

            if (ended)
                EndOutgoing();
        }
    }

    private void EndOutgoing()
    {
        switch (_outgoing.Type)
        {
            case FrameCursor.Headers or FrameCursor.Continuation when _outgoing.Length <= MostHeaderBlockBytes:
                if (registry.Find(_headerBlock.AsSpan(0, _outgoing.Length)) is { } arrivals)
                    _bound[_outgoing.StreamId] = new BoundStream(arrivals, arrivals.Bind());
                break;
            case FrameCursor.RstStream:
                _bound.TryRemove(_outgoing.StreamId, out _);
                break;
        }
    }

    /// <summary>A stream bound to a request: its arrivals, the generation it was bound as, and its data so far.</summary>
    private sealed class BoundStream(StreamArrivals arrivals, long generation)
    {
        public StreamArrivals Arrivals { get; } = arrivals;
        public long Generation { get; } = generation;
        public long Delivered { get; set; }
    }
}
