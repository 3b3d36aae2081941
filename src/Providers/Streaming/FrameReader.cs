using System.Net.ServerSentEvents;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// The one stream reader: cuts a response body into frames (SSE framing by System.Net.ServerSentEvents: comments,
/// CRLF, <c>data:</c> with or without a space, multi-line data) and hands each frame to the wire format, between
/// the capture's frame brackets so text events get their arrival stamps.
/// </summary>
public sealed class FrameReader
{
    private readonly IWireFormat _format;
    private readonly StreamCapture _capture;
    private readonly SseItemParser<FrameResult> _onFrame;

    public FrameReader(IWireFormat format, StreamCapture capture)
    {
        _format = format;
        _capture = capture;
        _onFrame = ReadFrame;
    }

    /// <summary>Reads until the format's end marker or the end of the body; <c>[DONE]</c> is not required.</summary>
    public async Task ReadAsync(TimestampingStream body, CancellationToken cancellationToken)
    {
        _capture.Attach(body);
        await foreach (SseItem<FrameResult> frame in SseParser.Create(body, _onFrame).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (frame.Data == FrameResult.EndOfStream)
                break;
        }
    }

    private FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data)
    {
        _capture.BeginFrame();
        FrameResult result = _format.ReadFrame(eventType, data, _capture);
        _capture.EndFrame();
        return result;
    }
}
