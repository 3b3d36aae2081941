using System.Net;
using System.Net.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using SpeedKings.Bench.Providers.Client.Http2;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Anthropic;
using SpeedKings.Bench.Providers.Cohere;
using SpeedKings.Bench.Providers.Embeddings;
using SpeedKings.Bench.Providers.Gemini;
using SpeedKings.Bench.Providers.Ollama;
using SpeedKings.Bench.Providers.OpenAi;

namespace SpeedKings.Bench.Providers.Client;

internal static class ServiceCollectionExtensions
{
    /// <summary>The named client every provider request goes through: pooled connections, no decompression, no logging.</summary>
    public const string HttpClientName = "speedkings-inference";

    /// <summary>Registers the pooled HTTP client, the wire formats and the factory that makes an <see cref="InferenceClient"/> per provider.</summary>
    public static IServiceCollection AddInferenceClients(this IServiceCollection services, Action<InferenceClientOptions>? configure = null)
    {
        if (configure is not null)
            services.Configure(configure);
        IHttpClientBuilder client = services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services =>
            {
                RemoteCertificateValidationCallback validator = CertificatePins.Validator(services.GetRequiredService<IOptions<InferenceClientOptions>>().Value.PinnedCertificates);
                return new SocketsHttpHandler
                {
                // Compression would make the client buffer before it can see a frame; streams come as they are.
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
                ConnectTimeout = TimeSpan.FromSeconds(15),
                MaxConnectionsPerServer = int.MaxValue,
                EnableMultipleHttp2Connections = true,
                UseCookies = false,
                // Our own connect and handshake, so a request that opened a connection records DNS, TCP connect and
                // TLS apart from TTFT; the handler's own handshake (same validator) is left for connections through a proxy.
                ConnectCallback = new ConnectionPhases(validator).ConnectAsync,
                // HTTP/2 hands a stream's data to its reader through the thread pool; stamping the connection's own
                // reads gives each frame the moment it arrived, as HTTP/1.1's reads do.
                PlaintextStreamFilter = FrameArrivalStream.Filter(services.GetRequiredService<ArrivalRegistry>()),
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validator },
                };
            })
            // Request logging would do work on the measured path and is one more place a header could leak.
            .RemoveAllLoggers();
        client.AddResilienceHandler("speedkings-retry", (pipeline, context)
            => pipeline.AddRetry(InferenceRetry.Options(context.ServiceProvider.GetRequiredService<IOptions<InferenceClientOptions>>().Value)));
        // Added after, so it sits inside the retry handler: it sees, and stamps, every attempt.
        client.AddHttpMessageHandler(() => new AttemptTimestampHandler());

        services.AddSingleton<IWireFormat, OpenAiChatFormat>();
        services.AddSingleton<IWireFormat, AnthropicMessagesFormat>();
        services.AddSingleton<IWireFormat, GeminiStreamFormat>();
        services.AddSingleton<IWireFormat, CohereChatFormat>();
        services.AddSingleton<IWireFormat, OllamaChatFormat>();
        services.AddSingleton<IWireFormat, OpenAiEmbeddingsFormat>();
        services.AddSingleton<IWireFormat, CohereEmbedFormat>();
        services.AddSingleton<IWireFormat, GeminiEmbedFormat>();
        services.AddSingleton<IWireFormat, OllamaEmbedFormat>();
        services.AddSingleton<ArrivalRegistry>();
        services.AddSingleton<InferenceClientFactory>();
        return services;
    }

}
