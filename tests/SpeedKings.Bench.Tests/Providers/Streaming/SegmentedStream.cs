namespace SpeedKings.Bench.Tests.Providers.Streaming;

/// <summary>
/// A body that arrives in given pieces, one per read, with a pause before each: how a network delivers a stream.
/// Lets parser tests control where reads split frames (mid-line, mid-CRLF) without a socket.
/// </summary>
internal sealed class SegmentedStream(IReadOnlyList<byte[]> segments, TimeSpan pause) : Stream
{
    private int _segment;
    private int _offset;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    /// <summary>Takes writes and drops them, as a connection's far end would for a test that reads only.</summary>
    public bool AcceptsWrites { get; init; }

    public override bool CanWrite => AcceptsWrites;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_segment >= segments.Count)
            return 0;
        if (_offset == 0 && pause > TimeSpan.Zero)
            await Task.Delay(pause, cancellationToken);
        byte[] current = segments[_segment];
        int count = Math.Min(buffer.Length, current.Length - _offset);
        current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        if (_offset == current.Length)
        {
            _segment++;
            _offset = 0;
        }

        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!AcceptsWrites)
            throw new NotSupportedException();
    }
}
