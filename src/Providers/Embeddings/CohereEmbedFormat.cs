using System.Text.Json;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Embeddings;

/// <summary>
/// Cohere v2 embed (<c>POST {base}/embed</c>): texts as search documents, float vectors under
/// <c>embeddings.float</c>, billed tokens in <c>meta.billed_units.input_tokens</c>.
/// </summary>
internal sealed class CohereEmbedFormat : IWireFormat
{
    public string Id => "cohere-embed";

    public StreamFraming Framing => StreamFraming.WholeBody;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        byte[] body = ChatJson.Build(json =>
        {
            json.WriteString("model"u8, endpoint.Model);
            json.WriteStartArray("texts"u8);
            foreach (string input in request.Task.Inputs)
                json.WriteStringValue(input);
            json.WriteEndArray();
            json.WriteString("input_type"u8, "search_document"u8);
            json.WriteStartArray("embedding_types"u8);
            json.WriteStringValue("float"u8);
            json.WriteEndArray();
        });
        return new PreparedRequest(endpoint.Resolve("embed"), body, []);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
        => JsonFrame.Read(data, capture, static (ref Utf8JsonReader reader, StreamCapture capture) =>
        {
            var vectors = new EmbeddingVectors();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("embeddings"u8) && EnterObject(ref reader))
                {
                    while (NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("float"u8) && EnterArray(ref reader))
                            vectors.AddAll(ref reader);
                        else
                            SkipValue(ref reader);
                    }
                }
                else if (reader.ValueTextEquals("meta"u8) && EnterObject(ref reader))
                {
                    while (NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("billed_units"u8))
                        {
                            if (ReadNestedInt(ref reader, "input_tokens"u8) is { } tokens)
                                capture.OnUsage(EmbeddingVectors.Usage(tokens));
                        }
                        else
                            SkipValue(ref reader);
                    }
                }
                else
                    SkipValue(ref reader);
            }

            return vectors.Report(capture, "cohere");
        });

    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);
}
