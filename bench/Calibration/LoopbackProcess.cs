using System.Diagnostics;
using System.Text.RegularExpressions;
using SpeedKings.Bench.Providers.Client;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// The loopback reference in a process of its own, so the client's CPU, GC and thread-pool figures during calibration
/// are the client's alone. Both processes read the same machine-wide monotonic clock, so the server's write timestamps
/// and the client's arrival timestamps compare directly.
/// </summary>
internal partial class LoopbackProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private LoopbackProcess(Process process, Uri baseAddress, string? certificateSha256)
    {
        _process = process;
        BaseAddress = baseAddress;
        CertificateSha256 = certificateSha256;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>, or <c>https://…</c> when started with TLS.</summary>
    public Uri BaseAddress { get; }

    /// <summary>With TLS, the pin of the certificate the server made at start.</summary>
    public string? CertificateSha256 { get; }

    /// <summary>"HTTP/2 over TLS" or "HTTP/1.1": the transport a client of this server negotiates.</summary>
    public string Protocol => CertificateSha256 is null ? "HTTP/1.1" : "HTTP/2 over TLS";

    /// <summary>A plain client for the server's diagnostics (ground truth), trusting its certificate alone.</summary>
    public HttpClient CreateHttpClient()
        => new(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = CertificatePins.Validator(Pins) },
            // As the suite's own client: past 100 streams HTTP/2 opens another connection instead of queueing.
            EnableMultipleHttp2Connections = true,
        });

    /// <summary>The server's certificate pin, as a set for the clients' options.</summary>
    public ISet<string> Pins => CertificateSha256 is { } pin ? new HashSet<string> { pin } : new HashSet<string>();

    /// <summary>Starts the server on a free port with <paramref name="scheduleSpec"/> and waits until it listens.</summary>
    /// <param name="tls">HTTPS with HTTP/2, as providers serve, instead of cleartext HTTP/1.1.</param>
    /// <param name="placement">The cores it runs on; null to share the machine's.</param>
    /// <exception cref="InvalidOperationException">It did not start; the message says what it printed.</exception>
    public static async Task<LoopbackProcess> StartAsync(
        string scheduleSpec, bool tls = false, CorePlacement? placement = null, CancellationToken cancellationToken = default)
    {
        ProcessStartInfo start = StartInfo();
        foreach (string argument in (string[])["--port", "0", "--schedule", scheduleSpec])
            start.ArgumentList.Add(argument);
        if (tls)
            start.ArgumentList.Add("--tls");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        Process process = (placement ?? CorePlacement.Shared("not asked")).Start(start);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    // Keep draining its output so a full pipe can never block the server.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    string? pin = match.Groups["pin"].Success ? match.Groups["pin"].Value : null;
                    return new LoopbackProcess(process, new Uri(match.Groups["base"].Value), pin);
                }
            }

            string error = await process.StandardError.ReadToEndAsync(timeout.Token);
            throw new InvalidOperationException($"The loopback server exited before listening: {error.Trim()}");
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
    }

    /// <summary>The server built beside this one: its app host where there is one, else through <c>dotnet</c>.</summary>
    private static ProcessStartInfo StartInfo()
    {
        string directory = AppContext.BaseDirectory;
        string appHost = Path.Combine(directory, OperatingSystem.IsWindows() ? "SpeedKings.Bench.Loopback.exe" : "SpeedKings.Bench.Loopback");
        if (File.Exists(appHost))
            return new ProcessStartInfo(appHost);
        var viaHost = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        viaHost.ArgumentList.Add(Path.Combine(directory, "SpeedKings.Bench.Loopback.dll"));
        return viaHost;
    }

    [GeneratedRegex(@"listening on (?<base>https?://127\.0\.0\.1:\d+/)(?:.*certificate sha256=(?<pin>[0-9a-f]{64}))?")]
    private static partial Regex ListeningLine();
}
