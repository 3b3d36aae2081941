using System.Text;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Tests.Providers.Streaming;

/// <summary>Feeds recorded or hand-written response bytes through the real frame reader and a wire format.</summary>
internal static class StreamFeed
{
    public static async Task<StreamCapture> ReadAsync(IWireFormat format, TimeSpan pause, params string[] segments)
    {
        var capture = new StreamCapture();
        capture.Begin();
        var body = new TimestampingStream(new SegmentedStream(segments.Select(Encoding.UTF8.GetBytes).ToList(), pause));
        using var reader = new FrameReader(format, capture);
        await reader.ReadAsync(body, CancellationToken.None);
        return capture;
    }

    public static Task<StreamCapture> ReadAsync(IWireFormat format, params string[] segments) => ReadAsync(format, TimeSpan.Zero, segments);
}
