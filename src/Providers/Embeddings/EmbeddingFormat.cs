using System.Text.Json;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Embeddings;

/// <summary>
/// What every embedding route shares: one whole JSON body read as one frame, the provider's own error body, and a
/// request that names the texts in a field of its own. A dialect gives its route, its body and where its vectors are.
/// </summary>
internal abstract class EmbeddingFormat : IWireFormat
{
    public abstract string Id { get; }

    public StreamFraming Framing => StreamFraming.WholeBody;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
        => new(endpoint.Resolve(Route(endpoint)), ChatJson.Build(json => WriteBody(json, endpoint, request.Task.Inputs)), []);

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture) => JsonFrame.Read(data, capture, ReadBody);

    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);

    /// <summary>The route under the base URL.</summary>
    protected abstract string Route(ProviderEndpoint endpoint);

    /// <summary>The body's properties (the object is opened and closed around them).</summary>
    protected abstract void WriteBody(Utf8JsonWriter json, ProviderEndpoint endpoint, IReadOnlyList<string> inputs);

    /// <summary>The response's properties: its vectors, its usage, an error.</summary>
    protected abstract FrameResult ReadBody(ref Utf8JsonReader reader, StreamCapture capture);

    /// <summary><c>"name": ["text", …]</c>.</summary>
    protected static void WriteTexts(Utf8JsonWriter json, ReadOnlySpan<byte> name, IReadOnlyList<string> inputs)
    {
        json.WriteStartArray(name);
        foreach (string input in inputs)
            json.WriteStringValue(input);
        json.WriteEndArray();
    }
}
