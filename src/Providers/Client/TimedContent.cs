using System.Net;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// A request body of prepared bytes that stamps "prompt sent" once every byte is written and flushed.
/// </summary>
internal sealed class TimedContent : HttpContent
{
    private readonly byte[] _body;
    private readonly StreamTimer _timings;

    public TimedContent(byte[] body, StreamTimer timings)
    {
        _body = body;
        _timings = timings;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_body, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _timings.MarkPromptSent();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
