using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Anthropic;
using SpeedKings.Bench.Loopback.Cohere;
using SpeedKings.Bench.Loopback.Embeddings;
using SpeedKings.Bench.Loopback.Gemini;
using SpeedKings.Bench.Loopback.Http;
using SpeedKings.Bench.Loopback.Ollama;
using SpeedKings.Bench.Loopback.OpenAi;

namespace SpeedKings.Bench.Loopback.Profiles;

/// <summary>
/// Maps one profile's routes under its prefix, where each format's client puts them: <c>{prefix}/chat/completions</c>,
/// <c>{prefix}/messages</c>, <c>{prefix}/models/{model}:streamGenerateContent</c>, <c>{prefix}/chat</c>,
/// <c>{prefix}/api/chat</c>, plus the list route each client warms its connection with.
/// </summary>
internal static class ProfileRoutes
{
    private static readonly ModelsEndpoint OllamaTags = new(
        """{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189,"details":{"format":"gguf","family":"llama"}}]}""");

    public static void Map(WebApplication app, ServerContext server, CompletionResponder responder, LoopbackProfile profile)
    {
        string prefix = "/" + profile.Route;
        var completions = new CompletionEndpoint(server, responder, CreateFormat(profile), profile.Schedule, profile.Fault, profile.Expects);
        RequestDelegate complete = completions.HandleAsync;
        RequestDelegate list = ModelsEndpoint.OpenAiList.HandleAsync;
        RequestDelegate Embed(EmbeddingDialect dialect) => new EmbeddingEndpoint(server, dialect, profile.Name, profile.Schedule, profile.Expects).HandleAsync;
        switch (profile.WireFormat)
        {
            case WireFormatIds.OpenAiChat:
                app.MapPost(prefix + "/chat/completions", complete);
                app.MapPost(prefix + "/embeddings", Embed(EmbeddingDialect.OpenAi));
                app.MapGet(prefix + "/models", list);
                break;
            case WireFormatIds.AnthropicMessages:
                app.MapPost(prefix + "/messages", complete);
                app.MapGet(prefix + "/models", list);
                break;
            case WireFormatIds.GeminiNative:
                // "{model}:streamGenerateContent" is one path segment; the format reads model and method from it.
                app.MapPost(prefix + "/models/{" + EmbeddingEndpoint.ModelRouteValue + "}:batchEmbedContents", Embed(EmbeddingDialect.Gemini));
                app.MapPost(prefix + "/models/{" + GeminiWireFormat.TargetRouteValue + "}", complete);
                app.MapGet(prefix + "/models", list);
                break;
            case WireFormatIds.CohereChat:
                app.MapPost(prefix + "/chat", complete);
                app.MapPost(prefix + "/embed", Embed(EmbeddingDialect.Cohere));
                app.MapGet(prefix + "/models", list);
                break;
            case WireFormatIds.OllamaChat:
                app.MapPost(prefix + "/api/chat", complete);
                app.MapPost(prefix + "/api/embed", Embed(EmbeddingDialect.Ollama));
                app.MapGet(prefix + "/api/tags", (RequestDelegate)OllamaTags.HandleAsync);
                break;
        }
    }

    private static IWireFormat CreateFormat(LoopbackProfile profile) => profile.WireFormat switch
    {
        WireFormatIds.OpenAiChat => new OpenAiWireFormat(profile.Name, profile.OpenAi ?? OpenAiDialect.OpenAi),
        WireFormatIds.AnthropicMessages => new AnthropicWireFormat(profile.Name),
        WireFormatIds.GeminiNative => new GeminiWireFormat(profile.Name),
        WireFormatIds.CohereChat => new CohereWireFormat(profile.Name),
        WireFormatIds.OllamaChat => new OllamaWireFormat(profile.Name),
        _ => throw new InvalidDataException($"Loopback profile {profile.Name}: no wire format is called '{profile.WireFormat}'."),
    };
}
