using System.Text.Json;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Embeddings;

/// <summary>Ollama's native embeddings (<c>POST {base}/api/embed</c>): <c>embeddings: [[…]]</c> and <c>prompt_eval_count</c>.</summary>
internal sealed class OllamaEmbedFormat : IWireFormat
{
    public string Id => "ollama-embed";

    public StreamFraming Framing => StreamFraming.WholeBody;

    public PreparedRequest Prepare(ProviderEndpoint endpoint, ChatRequest request)
    {
        byte[] body = ChatJson.Build(json =>
        {
            json.WriteString("model"u8, endpoint.Model);
            json.WriteStartArray("input"u8);
            foreach (string input in request.Task.Inputs)
                json.WriteStringValue(input);
            json.WriteEndArray();
        });
        return new PreparedRequest(endpoint.Resolve("api/embed"), body, []);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
        => JsonFrame.Read(data, capture, static (ref Utf8JsonReader reader, StreamCapture capture) =>
        {
            var vectors = new EmbeddingVectors();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("embeddings"u8) && EnterArray(ref reader))
                    vectors.AddAll(ref reader);
                else if (reader.ValueTextEquals("prompt_eval_count"u8))
                {
                    if (ReadInt(ref reader) is { } tokens)
                        capture.OnUsage(EmbeddingVectors.Usage(tokens));
                }
                else if (reader.ValueTextEquals("error"u8))
                    JsonFrame.ReportStreamError(ref reader, capture);
                else
                    SkipValue(ref reader);
            }

            return vectors.Report(capture, "ollama");
        });

    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);
}
