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
internal sealed class CohereEmbedFormat : EmbeddingFormat
{
    public override string Id => "cohere-embed";

    protected override string Route(ProviderEndpoint endpoint) => "embed";

    protected override void WriteBody(Utf8JsonWriter json, ProviderEndpoint endpoint, IReadOnlyList<string> inputs)
    {
        json.WriteString("model"u8, endpoint.Model);
        WriteTexts(json, "texts"u8, inputs);
        json.WriteString("input_type"u8, "search_document"u8);
        json.WriteStartArray("embedding_types"u8);
        json.WriteStringValue("float"u8);
        json.WriteEndArray();
    }

    protected override FrameResult ReadBody(ref Utf8JsonReader reader, StreamCapture capture)
    {
        var vectors = new EmbeddingVectors();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("embeddings"u8))
            {
                if (!EnterObject(ref reader))
                    continue;
                while (NextProperty(ref reader))
                {
                    if (!reader.ValueTextEquals("float"u8))
                        SkipValue(ref reader);
                    else if (EnterArray(ref reader))
                        vectors.AddAll(ref reader);
                }
            }
            else if (reader.ValueTextEquals("meta"u8))
            {
                if (!EnterObject(ref reader))
                    continue;
                while (NextProperty(ref reader))
                {
                    if (!reader.ValueTextEquals("billed_units"u8))
                        SkipValue(ref reader);
                    else if (ReadNestedInt(ref reader, "input_tokens"u8) is { } tokens)
                        capture.OnUsage(EmbeddingVectors.Usage(tokens));
                }
            }
            else
                SkipValue(ref reader);
        }

        return vectors.Report(capture, "cohere");
    }
}
