using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback;

/// <summary>
/// The reference LLM server: Kestrel on 127.0.0.1 emitting OpenAI-format completions on a precise schedule and
/// recording when it wrote every chunk (<see cref="GroundTruth"/>), on the same monotonic clock as the client.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerContext _server;
    private readonly X509Certificate2? _certificate;
    private int _disposed;

    private LoopbackServer(WebApplication app, ServerContext server, int port, X509Certificate2? certificate)
    {
        _app = app;
        _server = server;
        _certificate = certificate;
        string scheme = certificate is null ? "http" : "https";
        BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"{scheme}://127.0.0.1:{port}/"));
        OpenAiBaseAddress = new Uri(BaseAddress, "v1/");
        CertificateSha256 = certificate is null ? null : LoopbackCertificate.Sha256(certificate);
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>, or <c>https://…</c> with <see cref="LoopbackOptions.Tls"/>.</summary>
    public Uri BaseAddress { get; }

    /// <summary><c>http://127.0.0.1:{port}/v1/</c>: what an OpenAI client takes as its base URL.</summary>
    public Uri OpenAiBaseAddress { get; }

    /// <summary>With TLS, the SHA-256 of the server's certificate (lower-case hex): what a client pins to trust it alone.</summary>
    public string? CertificateSha256 { get; }

    public EmissionSchedule Schedule => _server.Schedule;

    public GroundTruthLog GroundTruth => _server.GroundTruth;

    /// <summary>The faults the server chose, for chaos specs: each request's draw.</summary>
    public IReadOnlyList<Faults.ChaosDraw> ChaosDraws => _server.Faults.ChaosDraws;

    /// <summary>Starts listening; returns once the port is bound (the OS-chosen one when <see cref="LoopbackOptions.Port"/> is 0).</summary>
    /// <exception cref="ArgumentException">The options are invalid (port range, capacity, schedule).</exception>
    /// <exception cref="IOException">The port could not be bound.</exception>
    public static async Task<LoopbackServer> StartAsync(LoopbackOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Schedule);
        if (options.Port is < 0 or > 65535)
            throw new ArgumentException($"The port must be between 0 and 65535 (got {options.Port}).", nameof(options));
        if (options.GroundTruthCapacity < 1)
            throw new ArgumentException($"The ground-truth capacity must be at least 1 (got {options.GroundTruthCapacity}).", nameof(options));
        options.Schedule.Validate();
        if (options.SharesProcess)
            KeepPoolThreadsReady();

        if (options.Slots is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Slots, "The loopback needs at least one slot.");
        if (options.DecodeTokensPerSecond is <= 0 or double.NaN or double.PositiveInfinity)
            throw new ArgumentOutOfRangeException(nameof(options), options.DecodeTokensPerSecond, "The loopback's decode capacity must be a positive number of tokens a second.");
        var server = new ServerContext(options.Schedule, options.GroundTruthCapacity, options.Slots, options.DecodeTokensPerSecond);
        WebApplication? app = null;
        X509Certificate2? certificate = null;
        try
        {
            certificate = options.Tls ? LoopbackCertificate.Create() : null;
            app = LoopbackHost.Build(options.Port, server, certificate);
            await app.StartAsync(cancellationToken);
            return new LoopbackServer(app, server, BoundPort(app), certificate);
        }
        catch
        {
            if (app is not null)
                await app.DisposeAsync();
            certificate?.Dispose();
            server.Dispose();
            throw;
        }
    }

    /// <summary>Stops in-flight streams (their ground truth says not completed), stops Kestrel and the pacer thread.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;

        _server.BeginStopping();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate?.Dispose();
        _server.Dispose();
    }

    private static int BoundPort(WebApplication app)
    {
        IServerAddressesFeature addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        foreach (string address in addresses.Addresses)
            return new Uri(address).Port;
        throw new InvalidOperationException("Kestrel started without reporting its address.");
    }

    /// <summary>
    /// The server shares its process's thread pool with whatever hosts it (BenchmarkDotNet, a test runner), which may
    /// block pool threads while it waits. With the default minimum (one thread per core) the next chunk could wait for
    /// the pool to inject a thread: streams stalled ~0.6–1 s, once in a while, on a 2-core machine. The pool starts
    /// threads on demand up to this minimum without that delay.
    /// </summary>
    private static void KeepPoolThreadsReady()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
