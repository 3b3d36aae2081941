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

    private static readonly List<SslApplicationProtocol> Http2AndHttp11 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> Http11Only = [SslApplicationProtocol.Http11];

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve, connect with no delay, handshake, stamp each on the request.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        HttpRequestMessage request = context.InitialRequestMessage;
        long start = StreamTimer.Now();
        IPAddress[] addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        long resolved = StreamTimer.Now();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream stream;
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        long connected = StreamTimer.Now();
        request.Options.Set(DnsMs, System.Diagnostics.Stopwatch.GetElapsedTime(start, resolved).TotalMilliseconds);
        request.Options.Set(ConnectMs, System.Diagnostics.Stopwatch.GetElapsedTime(resolved, connected).TotalMilliseconds);
        // Through a proxy the socket goes to the proxy, and the handler tunnels before its own handshake.
        if (request.RequestUri is not { Scheme: "https" } uri || !string.Equals(uri.IdnHost, context.DnsEndPoint.Host, StringComparison.OrdinalIgnoreCase))
            return stream;

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

        request.Options.Set(TlsMs, System.Diagnostics.Stopwatch.GetElapsedTime(connected, StreamTimer.Now()).TotalMilliseconds);
        return tls;
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
