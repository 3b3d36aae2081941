using System.Buffers;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// The generated text of the request in flight, in a pooled buffer: needed only to count tokens when the provider
/// reports no usage, and dropped with the request (raw text is never kept in records).
/// </summary>
public sealed class GeneratedText : IDisposable
{
    // Grows with the answer; small to start, as a thousand concurrent streams each hold one.
    private char[] _buffer = ArrayPool<char>.Shared.Rent(1024);

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Space for at least <paramref name="sizeHint"/> more characters; commit what was written with <see cref="Advance"/>.</summary>
    public Span<char> GetSpan(int sizeHint)
    {
        if (_buffer.Length - Length < sizeHint)
        {
            char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + sizeHint));
            Span.CopyTo(larger);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
        Length = 0;
    }
}
