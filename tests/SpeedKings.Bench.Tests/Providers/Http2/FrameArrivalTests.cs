using System.Text;
using SpeedKings.Bench.Providers.Client.Http2;
using SpeedKings.Bench.Providers.Streaming;
using SpeedKings.Bench.Tests.Providers.Streaming;

namespace SpeedKings.Bench.Tests.Providers.Http2;

/// <summary>
/// HTTP/2 frame arrivals on hand-built frames (RFC 9113 §4.1 layout): frames cut anywhere are walked whole, a
/// request's stream is bound by the id in its HEADERS, and each of its DATA frames is stamped with the read that
/// completed it, padding and other streams left out.
/// </summary>
public class FrameArrivalTests
{
    private static byte[] Frame(byte type, byte flags, int stream, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        frame[5] = (byte)(stream >> 24);
        frame[6] = (byte)(stream >> 16);
        frame[7] = (byte)(stream >> 8);
        frame[8] = (byte)stream;
        payload.CopyTo(frame, 9);
        return frame;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void Frames_cut_at_any_byte_are_walked_whole()
    {
        byte[] wire = [
            .. Frame(0x0, 0x0, 1, Ascii("hello")),
            .. Frame(0x1, 0x1, 3, []),
            .. Frame(0x0, 0x9, 0x7FFF_FFFF, [2, .. Ascii("abc"), 0, 0]),
            .. Frame(0x4, 0x0, 0, new byte[70_000]),   // a length past 16 bits
        ];
        (int Type, int Flags, int Stream, int Length, string Payload)[] expected =
            [(0, 0, 1, 5, "hello"), (1, 1, 3, 0, ""), (0, 9, 0x7FFF_FFFF, 6, "\u0002abc\0\0"), (4, 0, 0, 70_000, new string('\0', 70_000))];

        for (int cut = 0; cut <= wire.Length; cut += cut < 64 ? 1 : 997)
        {
            var cursor = new FrameCursor();
            var seen = new List<(int, int, int, int, string)>();
            var payload = new StringBuilder();
            byte[][] parts = [wire[..cut], wire[cut..]];
            foreach (byte[] part in parts)
            {
                ReadOnlySpan<byte> bytes = part;
                while (!bytes.IsEmpty)
                {
                    ReadOnlySpan<byte> piece = cursor.Advance(ref bytes, out int offset, out bool ended);
                    if (!piece.IsEmpty)
                        Assert.Equal(payload.Length, offset);   // where in its frame's payload the piece starts
                    payload.Append(Encoding.Latin1.GetString(piece));
                    if (ended)
                    {
                        seen.Add((cursor.Type, cursor.Flags, cursor.StreamId, cursor.Length, payload.ToString()));
                        payload.Clear();
                    }
                }
            }

            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task A_requests_data_frames_are_stamped_with_the_read_that_completed_each()
    {
        var registry = new ArrivalRegistry();
        var arrivals = new StreamArrivals();
        (long id, string value) = registry.Register(arrivals);
        byte[] padded = [3, .. Ascii("world!"), 0, 0, 0];   // 1 length byte + 6 data + 3 padding
        byte[] second = Frame(0x0, 0x0, 1, Ascii("hello"));
        var wire = new SegmentedStream([
            Frame(0x4, 0x0, 0, []),                                      // the server's SETTINGS
            second[..7],                                                 // stream 1's first DATA frame, cut in two
            [.. second[7..], .. Frame(0x0, 0x0, 3, Ascii("other"))],     // ...and a stream that is not this request's
            Frame(0x0, 0x8 | 0x1, 1, padded),                            // padded, ending the stream
        ], TimeSpan.Zero) { AcceptsWrites = true };
        await using var connection = new FrameArrivalStream(wire, registry);

        // The client's preface, then HEADERS for stream 1 carrying the id as HPACK's plain literal would.
        await connection.WriteAsync(Ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        await connection.WriteAsync(Frame(0x1, 0x4, 1, [0x82, 0x00, .. Ascii($"\u0013{ArrivalRegistry.HeaderName}"), (byte)value.Length, .. Ascii(value)]));

        var reads = new List<(long Before, long After)>();
        var buffer = new byte[64];
        while (true)
        {
            long before = StreamTimer.Now();
            int read = await connection.ReadAsync(buffer);
            reads.Add((before, StreamTimer.Now()));
            if (read == 0)
                break;
        }

        // "hello" is bytes 1-5, completed by the third read; "world!" bytes 6-11, by the fourth; "other" is not counted.
        Assert.InRange(arrivals.ArrivalOf(3, long.MaxValue), reads[2].Before, reads[2].After);
        Assert.InRange(arrivals.ArrivalOf(5, long.MaxValue), reads[2].Before, reads[2].After);
        Assert.InRange(arrivals.ArrivalOf(11, long.MaxValue), reads[3].Before, reads[3].After);
        Assert.Equal(42, arrivals.ArrivalOf(12, fallback: 42));   // no frame holds byte 12
        registry.Unregister(id);
    }

    [Fact]
    public void A_header_block_without_a_registered_id_binds_nothing()
    {
        var registry = new ArrivalRegistry();
        var arrivals = new StreamArrivals();
        (long id, string value) = registry.Register(arrivals);

        Assert.Same(arrivals, registry.Find(Ascii($"..{value}..")));
        Assert.Null(registry.Find(Ascii($"..{value[..^1]}")));                       // one digit short
        Assert.Null(registry.Find(Ascii($"..{value[..^1]}g..")));                    // not hex
        Assert.Null(registry.Find(Ascii("..speedkings-00000000000000ff..")));        // never registered
        registry.Unregister(id);
        Assert.Null(registry.Find(Ascii(value)));                                    // no longer in flight
    }

    [Fact]
    public void Only_the_latest_streams_frames_are_taken_and_a_full_ring_falls_back_to_the_readers_moment()
    {
        var arrivals = new StreamArrivals();
        long first = arrivals.Bind();
        arrivals.Append(first, end: 10, timestamp: 100);
        long retry = arrivals.Bind();                          // a retried attempt: a new stream for the same request
        arrivals.Append(first, end: 20, timestamp: 150);       // the abandoned stream writes nothing now
        arrivals.Append(retry, end: 4, timestamp: 200);

        Assert.Equal(200, arrivals.ArrivalOf(4, fallback: 999));    // the retry's frame, not the first attempt's
        Assert.Equal(180, arrivals.ArrivalOf(4, fallback: 180));    // never later than the reader's own moment
        Assert.Equal(999, arrivals.ArrivalOf(5, fallback: 999));    // nothing covers byte 5 yet

        arrivals.Discard();
        long next = arrivals.Bind();
        for (int i = 1; i <= StreamArrivals.Capacity + 1; i++)
            arrivals.Append(next, end: i, timestamp: 1000 + i);
        Assert.Equal(1000 + StreamArrivals.Capacity, arrivals.ArrivalOf(StreamArrivals.Capacity, fallback: 5000));
        Assert.Equal(5000, arrivals.ArrivalOf(StreamArrivals.Capacity + 1, fallback: 5000));   // the frame past a full ring was not kept
    }
}
