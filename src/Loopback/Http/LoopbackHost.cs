using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpeedKings.Bench.Loopback.Diagnostics;
using SpeedKings.Bench.Loopback.Embeddings;
using SpeedKings.Bench.Loopback.Faults;
using SpeedKings.Bench.Loopback.OpenAi;
using SpeedKings.Bench.Loopback.Profiles;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// Builds the Kestrel app: 127.0.0.1 only, HTTP/1.1 (or HTTPS with HTTP/2), no logging, no configuration from the embedding process, and the
/// routes. Hermetic on purpose: the server must behave the same inside the benchmark host, a test run or standalone.
/// </summary>
internal static class LoopbackHost
{
    /// <summary>The profile name of the plain <c>/v1</c> routes: OpenAI's format at the server's own schedule.</summary>
    public const string ReferenceProfile = "reference";

    /// <param name="certificate">With one: HTTPS, HTTP/1.1 and HTTP/2 by ALPN. Without: cleartext HTTP/1.1.</param>
    public static WebApplication Build(int port, ServerContext server, X509Certificate2? certificate = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(LoopbackHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // No appsettings, environment variables (ASPNETCORE_URLS, Kestrel__Endpoints__…) or command line from the host
        // process: the endpoint is exactly the one below.
        builder.Configuration.Sources.Clear();
        // Logging on the request path costs time the measurements would include; failures surface as HTTP errors.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Slow readers (a benchmark client on a saturated box) must not be cut off by Kestrel's rate floor: a stall
            // is the client's to measure, not the server's to punish.
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                if (certificate is null)
                {
                    // HTTP/2 without TLS needs prior knowledge, which clients of these APIs do not use.
                    listen.Protocols = HttpProtocols.Http1;
                    return;
                }

                // What providers serve: TLS, and HTTP/2 when the client offers it (ALPN), HTTP/1.1 otherwise.
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            });
        });

        WebApplication app = builder.Build();
        // Before routing, so /_fault/{spec}/groq/v1/… routes as /groq/v1/….
        app.Use(FaultSelector.StripPathPrefixAsync);
        app.UseRouting();

        var responder = new CompletionResponder(server);
        var reference = new CompletionEndpoint(server, responder, new OpenAiWireFormat(ReferenceProfile, OpenAiDialect.OpenAi));
        var diagnostics = new DiagnosticsEndpoints(server);
        app.MapPost("/v1/chat/completions", (RequestDelegate)reference.HandleAsync);
        app.MapGet("/v1/models", (RequestDelegate)ModelsEndpoint.OpenAiList.HandleAsync);
        app.MapPost("/v1/embeddings", (RequestDelegate)new EmbeddingEndpoint(server, EmbeddingDialect.OpenAi, ReferenceProfile).HandleAsync);
        foreach (LoopbackProfile profile in ProfileFixtures.All)
            ProfileRoutes.Map(app, server, responder, profile);
        app.MapGet(DiagnosticsEndpoints.GroundTruthRoute, (RequestDelegate)diagnostics.GroundTruthAsync);
        app.MapGet(DiagnosticsEndpoints.ScheduleRoute, (RequestDelegate)diagnostics.ScheduleAsync);
        app.MapGet(EngineMetrics.Route, (RequestDelegate)diagnostics.MetricsAsync);
        return app;
    }
}
