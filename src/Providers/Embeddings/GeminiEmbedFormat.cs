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
internal sealed class GeminiEmbedFormat : IWireFormat
{
    public string Id => "gemini-embed";

    public StreamFraming Framing => StreamFraming.WholeBody;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        string model = "models/" + endpoint.Model;
        byte[] body = ChatJson.Build(json =>
        {
            json.WriteStartArray("requests"u8);
            foreach (string input in request.Task.Inputs)
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
        });
        return new PreparedRequest(endpoint.Resolve($"models/{Uri.EscapeDataString(endpoint.Model)}:batchEmbedContents"), body, []);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
        => JsonFrame.Read(data, capture, static (ref Utf8JsonReader reader, StreamCapture capture) =>
        {
            var vectors = new EmbeddingVectors();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("embeddings"u8) && EnterArray(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        while (NextProperty(ref reader))
                        {
                            if (reader.ValueTextEquals("values"u8) && EnterArray(ref reader))
                                vectors.Add(ref reader);
                            else
                                SkipValue(ref reader);
                        }
                    }
                }
                else if (reader.ValueTextEquals("error"u8))
                    JsonFrame.ReportStreamError(ref reader, capture);
                else
                    SkipValue(ref reader);
            }

            return vectors.Report(capture, "gemini");
        });

    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);
}
