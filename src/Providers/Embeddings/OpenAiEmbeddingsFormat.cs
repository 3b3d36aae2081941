using System.Text.Json;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Embeddings;

/// <summary>
/// OpenAI-compatible embeddings (<c>POST {base}/embeddings</c>): <c>data[].embedding</c> and <c>usage.prompt_tokens</c>.
/// Served by OpenAI, Azure, Together, Fireworks, Mistral, vLLM, llama.cpp and most gateways.
/// </summary>
internal sealed class OpenAiEmbeddingsFormat : EmbeddingFormat
{
    public override string Id => "openai-embeddings";

    protected override string Route(ProviderEndpoint endpoint) => "embeddings";

    protected override void WriteBody(Utf8JsonWriter json, ProviderEndpoint endpoint, IReadOnlyList<string> inputs)
    {
        json.WriteString("model"u8, endpoint.Model);
        WriteTexts(json, "input"u8, inputs);
        json.WriteString("encoding_format"u8, "float"u8);
    }

    protected override FrameResult ReadBody(ref Utf8JsonReader reader, StreamCapture capture)
    {
        var vectors = new EmbeddingVectors();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("data"u8))
            {
                if (EnterArray(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                        vectors.AddFrom(ref reader, "embedding"u8);
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                if (ReadNestedInt(ref reader, "prompt_tokens"u8) is { } tokens)
                    capture.OnUsage(EmbeddingVectors.Usage(tokens));
            }
            else if (reader.ValueTextEquals("error"u8))
                JsonFrame.ReportStreamError(ref reader, capture);
            else
                SkipValue(ref reader);
        }

        return vectors.Report(capture, "the provider");
    }
}
