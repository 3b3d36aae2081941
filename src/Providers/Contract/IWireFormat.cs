using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Contract;

/// <summary>
/// The provider contract: one implementation per wire format (OpenAI-compatible chat, Anthropic messages, …).
/// An adapter only translates; it never reads the clock. Everything it finds in a frame goes to the
/// <see cref="StreamCapture"/>, which owns the timestamps, so every provider is measured the same way.
/// </summary>
public interface IWireFormat
{
    /// <summary>The id catalog entries name in <c>wireFormat</c>.</summary>
    string Id { get; }

    StreamFraming Framing { get; }

    /// <summary>Builds the streaming request (URL, body bytes, format-specific headers; the key is added by the client).</summary>
    PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request);

    /// <summary>
    /// Reads one frame (an SSE event's data, or one NDJSON line). The hot path: it must not allocate for ordinary
    /// text chunks. Malformed frames are reported to the capture as protocol failures, not thrown.
    /// </summary>
    FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture);

    /// <summary>The human-readable message in a provider's error body, or null if it has none.</summary>
    string? ReadErrorMessage(ReadOnlySpan<byte> body);
}
