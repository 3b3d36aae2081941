using System.Text.Json;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Embeddings;

/// <summary>
/// OpenAI-compatible embeddings (<c>POST {base}/embeddings</c>, one JSON body): <c>data[].embedding</c> and
/// <c>usage.prompt_tokens</c>. Served by OpenAI, Azure, Together, Fireworks, Mistral, vLLM, llama.cpp and most gateways.
/// </summary>
internal sealed class OpenAiEmbeddingsFormat : IWireFormat
{
    public string Id => "openai-embeddings";

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
            json.WriteString("encoding_format"u8, "float"u8);
        });
        return new PreparedRequest(endpoint.Resolve("embeddings"), body, []);
    }

    public FrameResult ReadFrame(string eventType, ReadOnlySpan<byte> data, StreamCapture capture)
        => JsonFrame.Read(data, capture, static (ref Utf8JsonReader reader, StreamCapture capture) =>
        {
            var vectors = new EmbeddingVectors();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("data"u8) && EnterArray(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        while (NextProperty(ref reader))
                        {
                            if (reader.ValueTextEquals("embedding"u8) && EnterArray(ref reader))
                                vectors.Add(ref reader);
                            else
                                SkipValue(ref reader);
                        }
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
        });

    public string? ReadErrorMessage(ReadOnlySpan<byte> body) => JsonFrame.ReadErrorMessage(body);
}
