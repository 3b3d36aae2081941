using System.Text.Json;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Embeddings;

/// <summary>
/// Gemini's batch embeddings (<c>POST {base}/models/{model}:batchEmbedContents</c>): one request per text, vectors
/// in <c>embeddings[].values</c>. Gemini reports no token count, so the record counts the inputs with o200k_base and
/// marks the usage estimated.
/// </summary>
internal sealed class GeminiEmbedFormat : EmbeddingFormat
{
    public override string Id => "gemini-embed";

    protected override string Route(ProviderEndpoint endpoint) => $"models/{Uri.EscapeDataString(endpoint.Model)}:batchEmbedContents";

    protected override void WriteBody(Utf8JsonWriter json, ProviderEndpoint endpoint, IReadOnlyList<string> inputs)
    {
        string model = "models/" + endpoint.Model;
        json.WriteStartArray("requests"u8);
        foreach (string input in inputs)
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteStartObject("content"u8);
            json.WriteStartArray("parts"u8);
            json.WriteStartObject();
            json.WriteString("text"u8, input);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    protected override FrameResult ReadBody(ref Utf8JsonReader reader, StreamCapture capture)
    {
        var vectors = new EmbeddingVectors();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("embeddings"u8))
            {
                if (EnterArray(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                        vectors.AddFrom(ref reader, "values"u8);
                }
            }
            else if (reader.ValueTextEquals("error"u8))
                JsonFrame.ReportStreamError(ref reader, capture);
            else
                SkipValue(ref reader);
        }

        return vectors.Report(capture, "gemini");
    }
}
