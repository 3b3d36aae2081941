using System.Buffers.Binary;

namespace SpeedKings.Bench.Providers.Client.Http2;

/// <summary>
/// Walks one direction of an HTTP/2 connection's plaintext, frame by frame, across reads or writes that cut frames
/// anywhere: it keeps the 9-byte frame header that is still arriving and how much of the payload is left, never the
/// payload itself. One instance per direction; not thread-safe (each direction has one reader or one writer).
/// </summary>
internal struct FrameCursor
{
    public const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Continuation = 0x9;
    public const byte EndStream = 0x1, Padded = 0x8;

    private const int HeaderLength = 9;

    private HeaderBytes _header;
    private int _headerFill;

    /// <summary>The current frame's payload length, type, flags and stream (valid once its header is complete).</summary>
    public int Length { get; private set; }
    public byte Type { get; private set; }
    public byte Flags { get; private set; }
    public int StreamId { get; private set; }

    /// <summary>Payload bytes of the current frame not yet passed over.</summary>
    public int PayloadLeft { get; private set; }

    private bool _inPayload;

    /// <summary>
    /// Passes over the next piece of <paramref name="bytes"/>: header bytes (returning an empty piece), or the current
    /// frame's payload up to its end (returning that piece and where in the payload it starts).
    /// <paramref name="frameEnded"/> is set when the current frame's last byte was passed over.
    /// </summary>
    public ReadOnlySpan<byte> Advance(ref ReadOnlySpan<byte> bytes, out int payloadOffset, out bool frameEnded)
    {
        payloadOffset = 0;
        frameEnded = false;
        if (!_inPayload)
        {
            int take = Math.Min(HeaderLength - _headerFill, bytes.Length);
            bytes[..take].CopyTo(((Span<byte>)_header)[_headerFill..]);
            _headerFill += take;
            bytes = bytes[take..];
            if (_headerFill < HeaderLength)
                return default;

            // A 24-bit length, the type, the flags, then a reserved bit and the 31-bit stream id.
            ReadOnlySpan<byte> header = _header;
            Length = (header[0] << 16) | (header[1] << 8) | header[2];
            Type = header[3];
            Flags = header[4];
            StreamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7FFF_FFFF);
            _headerFill = 0;
            PayloadLeft = Length;
            _inPayload = Length > 0;
            frameEnded = Length == 0;
            return default;
        }

        int length = Math.Min(PayloadLeft, bytes.Length);
        ReadOnlySpan<byte> piece = bytes[..length];
        payloadOffset = Length - PayloadLeft;
        bytes = bytes[length..];
        PayloadLeft -= length;
        if (PayloadLeft == 0)
        {
            _inPayload = false;
            frameEnded = true;
        }

        return piece;
    }

    [System.Runtime.CompilerServices.InlineArray(HeaderLength)]
    private struct HeaderBytes
    {
        private byte _first;
    }
}
