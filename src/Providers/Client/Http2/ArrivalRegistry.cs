using System.Buffers.Text;
using System.Collections.Concurrent;

namespace SpeedKings.Bench.Providers.Client.Http2;

/// <summary>
/// Lets an HTTP/2 connection find the request behind a stream it sees open. Each request in flight is registered
/// under a number and sends it in a client request id header (<c>x-client-request-id: speedkings-…</c>, a header
/// OpenAI documents for quoting a request to its support, harmless elsewhere); the connection finds the number in
/// the HEADERS frame it writes. .NET's HPACK encoder writes header values as plain literals (no Huffman, no dynamic
/// table for a request's own headers), so the value's bytes appear as they are; a HEADERS frame where they do not is
/// simply not matched, and that request keeps its reader's own moments.
/// </summary>
internal sealed class ArrivalRegistry
{
    public const string HeaderName = "x-client-request-id";

    private const int IdDigits = 16;

    private static ReadOnlySpan<byte> Prefix => "speedkings-"u8;

    private readonly ConcurrentDictionary<long, StreamArrivals> _inFlight = new();
    private long _last;

    /// <summary>Registers <paramref name="arrivals"/> for one request; returns its number and the header value that carries it.</summary>
    public (long Id, string HeaderValue) Register(StreamArrivals arrivals)
    {
        long id = Interlocked.Increment(ref _last);
        _inFlight[id] = arrivals;
        return (id, $"speedkings-{id:x16}");
    }

    public void Unregister(long id) => _inFlight.TryRemove(id, out _);

    /// <summary>The request whose header value is somewhere in <paramref name="headerBlock"/>, if one in flight is.</summary>
    public StreamArrivals? Find(ReadOnlySpan<byte> headerBlock)
    {
        int at = headerBlock.IndexOf(Prefix);
        if (at < 0)
            return null;
        ReadOnlySpan<byte> digits = headerBlock[(at + Prefix.Length)..];
        if (digits.Length < IdDigits || !Utf8Parser.TryParse(digits[..IdDigits], out ulong id, out int read, 'x') || read != IdDigits)
            return null;
        return _inFlight.TryGetValue((long)id, out StreamArrivals? arrivals) ? arrivals : null;
    }
}
