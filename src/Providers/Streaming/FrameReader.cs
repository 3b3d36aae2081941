using System.Buffers;
using System.IO.Pipelines;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// The one stream reader: cuts a response body into frames and hands each to the wire format, between the
/// capture's frame brackets so text events get their arrival stamps. SSE framing is <see cref="SseReader"/> (comments,
/// CRLF, <c>data:</c> with or without a space, multi-line data); NDJSON is one frame per line.
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly IWireFormat _format;
    private readonly StreamCapture _capture;
    private readonly SseReader _events = new();
    private readonly SseReader.EventCallback _onEvent;
    private byte[] _lineBuffer = [];
    private TimestampingStream? _body;

    public FrameReader(IWireFormat format, StreamCapture capture)
    {
        _format = format;
        _capture = capture;
        _onEvent = (eventType, data) => ReadFrame(eventType, data) != FrameResult.EndOfStream;
    }

    public void Dispose() => _events.Dispose();

    /// <summary>Reads until the format's end marker or the end of the body; <c>[DONE]</c> is not required.</summary>
    public Task ReadAsync(TimestampingStream body, CancellationToken cancellationToken)
    {
        _body = body;
        return _format.Framing switch
        {
            StreamFraming.NewlineDelimitedJson => ReadLinesAsync(body, cancellationToken),
            StreamFraming.WholeBody => ReadWholeAsync(body, cancellationToken),
            _ => ReadEventsAsync(body, cancellationToken),
        };
    }

    /// <summary>The most a whole (non-streamed) body may hold: a batch of large embeddings is a few MB.</summary>
    public const int MostWholeBodyBytes = 64 << 20;

    /// <summary>A whole body as one frame, arrived when its last byte did; reused buffer, grown by doubling up to the cap.</summary>
    private async Task ReadWholeAsync(Stream body, CancellationToken cancellationToken)
    {
        int length = 0;
        while (true)
        {
            if (length == _lineBuffer.Length)
            {
                if (length >= MostWholeBodyBytes)
                    throw new InvalidDataException($"the response body is larger than {MostWholeBodyBytes >> 20} MB");
                Array.Resize(ref _lineBuffer, Math.Min(Math.Max(64 << 10, length * 2), MostWholeBodyBytes));
            }

            int read = await body.ReadAsync(_lineBuffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                break;
            length += read;
        }

        ReadFrame("", _lineBuffer.AsSpan(0, length));
    }

    private Task ReadEventsAsync(Stream body, CancellationToken cancellationToken) => _events.ReadAsync(body, _onEvent, cancellationToken);

    private async Task ReadLinesAsync(Stream body, CancellationToken cancellationToken)
    {
        PipeReader pipe = PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                ReadResult result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                bool ended = false;
                while (!ended && TryTakeLine(ref buffer, out ReadOnlySequence<byte> line))
                    ended = ReadLine(line) == FrameResult.EndOfStream;

                if (!ended && result.IsCompleted && !buffer.IsEmpty)
                    ended = ReadLine(buffer) == FrameResult.EndOfStream; // a last line without its newline

                if (ended || result.IsCompleted)
                    return;
                pipe.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        SequencePosition? newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private FrameResult ReadLine(ReadOnlySequence<byte> line)
    {
        ReadOnlySpan<byte> span;
        if (line.IsSingleSegment)
        {
            span = line.FirstSpan;
        }
        else
        {
            if (_lineBuffer.Length < line.Length)
                _lineBuffer = new byte[Math.Max(checked((int)line.Length), _lineBuffer.Length * 2)];
            line.CopyTo(_lineBuffer);
            span = _lineBuffer.AsSpan(0, (int)line.Length);
        }

        span = span.Trim(" \t\r"u8);
        return span.IsEmpty ? FrameResult.Continue : ReadFrame("", span);
    }

    private FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data)
    {
        _capture.BeginFrame();
        FrameResult result = _format.ReadFrame(eventType, data, _capture);
        // A frame arrived when the read that delivered its last byte completed, however long parsing took since.
        _capture.EndFrame(_body!.LastReadTimestamp, _body.LastDeliveredTimestamp);
        return result;
    }
}
