using System.Runtime.CompilerServices;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// Passes reads through to the stream it wraps and shows each one's bytes to <see cref="OnRead"/> the moment the read
/// returns, before the caller sees them; not seekable, and disposing it disposes the inner stream. Writes are refused
/// unless a subclass passes them on.
/// </summary>
internal abstract class ReadObservingStream(Stream inner) : Stream
{
    protected Stream Inner { get; } = inner;

    /// <summary>A read returned <paramref name="bytes"/> (never empty); called on the reading thread, before the bytes are handed on.</summary>
    protected abstract void OnRead(ReadOnlySpan<byte> bytes);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    // Pooled builder: a read per streamed chunk, or per few frames of a connection, must not allocate a box each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
            OnRead(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = Inner.Read(buffer);
        if (read > 0)
            OnRead(buffer[..read]);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
