using System.Text.Json;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Embeddings;

/// <summary>Ollama's native embeddings (<c>POST {base}/api/embed</c>): <c>embeddings: [[…]]</c> and <c>prompt_eval_count</c>.</summary>
internal sealed class OllamaEmbedFormat : EmbeddingFormat
{
    public override string Id => "ollama-embed";

    protected override string Route(ProviderEndpoint endpoint) => "api/embed";

    protected override void WriteBody(Utf8JsonWriter json, ProviderEndpoint endpoint, IReadOnlyList<string> inputs)
    {
        json.WriteString("model"u8, endpoint.Model);
        WriteTexts(json, "input"u8, inputs);
    }

    protected override FrameResult ReadBody(ref Utf8JsonReader reader, StreamCapture capture)
    {
        var vectors = new EmbeddingVectors();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("embeddings"u8))
            {
                if (EnterArray(ref reader))
                    vectors.AddAll(ref reader);
            }
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
    }
}
