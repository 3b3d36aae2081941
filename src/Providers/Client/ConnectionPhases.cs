using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Opens the client's connections itself, so a request that needed a new one carries how long name resolution, the
/// TCP connect and the TLS handshake took, each apart from its TTFT. The TLS handshake is done here too (the handler
/// takes an authenticated <see cref="SslStream"/> and reads its negotiated protocol), offering what the handler would:
/// HTTP/2 and HTTP/1.1 by ALPN for a request that allows HTTP/2. The request that made the pool open a connection is
/// the one marked.
/// </summary>
internal sealed class ConnectionPhases(RemoteCertificateValidationCallback validator)
{
    public static readonly HttpRequestOptionsKey<double> DnsMs = new("speedkings.dns-ms");
    public static readonly HttpRequestOptionsKey<double> ConnectMs = new("speedkings.connect-ms");
    public static readonly HttpRequestOptionsKey<double> TlsMs = new("speedkings.tls-ms");

    /// <summary>On a warming call only: the warm-up that bounds and keeps its connections (never on a measured request).</summary>
    public static readonly HttpRequestOptionsKey<ConnectionWarmup> Warmup = new("speedkings.warmup");

    private static readonly List<SslApplicationProtocol> Http2AndHttp11 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> Http11Only = [SslApplicationProtocol.Http11];

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve, connect with no delay, handshake, stamp each on the request.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
        => context.InitialRequestMessage.Options.TryGetValue(Warmup, out ConnectionWarmup? warmup)
            ? await warmup.OpenAsync(token => OpenAsync(context, token), cancellationToken).ConfigureAwait(false)
            : (await OpenAsync(context, cancellationToken).ConfigureAwait(false)).Stream;

    private async ValueTask<(Stream Stream, ConnectionSetup Setup)> OpenAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        HttpRequestMessage request = context.InitialRequestMessage;
        (Stream stream, double dns, double connect, long connected) = await ConnectTcpAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        request.Options.Set(DnsMs, dns);
        request.Options.Set(ConnectMs, connect);
        // Through a proxy the socket goes to the proxy, and the handler tunnels before its own handshake.
        if (request.RequestUri is not { Scheme: "https" } uri || !string.Equals(uri.IdnHost, context.DnsEndPoint.Host, StringComparison.OrdinalIgnoreCase))
            return (stream, new ConnectionSetup(dns, connect, null));

        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = uri.IdnHost,
                ApplicationProtocols = AllowsHttp2(request) ? Http2AndHttp11 : Http11Only,
                RemoteCertificateValidationCallback = validator,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            if (e is AuthenticationException)
                throw new AuthenticationException($"The SSL/TLS handshake with {uri.IdnHost} failed: {e.Message}", e);
            throw;
        }

        double handshake = Stopwatch.GetElapsedTime(connected, StreamTimer.Now()).TotalMilliseconds;
        request.Options.Set(TlsMs, handshake);
        return (tls, new ConnectionSetup(dns, connect, handshake));
    }

    /// <summary>Resolves and connects with no delay; the two phases in milliseconds, and when the connect ended.</summary>
    private static async ValueTask<(Stream Stream, double DnsMs, double ConnectMs, long Connected)> ConnectTcpAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        long start = StreamTimer.Now();
        IPAddress[] addresses = IPAddress.TryParse(endPoint.Host, out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        long resolved = StreamTimer.Now();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        long connected = StreamTimer.Now();
        return (new NetworkStream(socket, ownsSocket: true), Stopwatch.GetElapsedTime(start, resolved).TotalMilliseconds, Stopwatch.GetElapsedTime(resolved, connected).TotalMilliseconds, connected);
    }

    /// <summary>
    /// Runs the connect path once against a throwaway listener on 127.0.0.1, so the runtime's one-off costs of a
    /// process's first connection (the socket engine's start, the first compilation of this very code) are paid
    /// outside every figure: measured here, they made a first loopback connect take 7–9 ms instead of 0.1–0.4 ms.
    /// </summary>
    public static async Task PrimeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Task<Socket> accepted = listener.AcceptAsync();
        (Stream stream, _, _, _) = await ConnectTcpAsync(new DnsEndPoint("127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port), CancellationToken.None).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        using (await accepted.ConfigureAwait(false))
        {
        }
    }

    /// <summary>What a request's phases were, read back after it was sent; null when it reused a pooled connection.</summary>
    public static ConnectionSetup? Of(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(ConnectMs, out double connect))
            return null;
        request.Options.TryGetValue(DnsMs, out double dns);
        return new ConnectionSetup(dns, connect, request.Options.TryGetValue(TlsMs, out double tls) ? tls : null);
    }

    private static bool AllowsHttp2(HttpRequestMessage request)
        => request.Version >= HttpVersion.Version20 || request.VersionPolicy == HttpVersionPolicy.RequestVersionOrHigher;
}
