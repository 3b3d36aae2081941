using System.Net;
using System.Net.Sockets;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Opens the client's connections itself, so a request that needed a new one carries how long name resolution and the
/// TCP connect took, apart from its TTFT, and when the connect ended: the TLS handshake the handler does next ends
/// before the request's body is written, which the body stamps (<see cref="TimedContent"/>). The request that made
/// the pool open a connection is the one marked.
/// </summary>
internal static class ConnectionPhases
{
    public static readonly HttpRequestOptionsKey<double> DnsMs = new("speedkings.dns-ms");
    public static readonly HttpRequestOptionsKey<double> ConnectMs = new("speedkings.connect-ms");

    /// <summary>The <see cref="StreamTimer.Now"/> reading when the TCP connect completed.</summary>
    public static readonly HttpRequestOptionsKey<long> ConnectedAt = new("speedkings.connected-at");

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve, connect with no delay, stamp both on the request.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        long start = StreamTimer.Now();
        IPAddress[] addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        long resolved = StreamTimer.Now();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        long connected = StreamTimer.Now();
        context.InitialRequestMessage.Options.Set(DnsMs, System.Diagnostics.Stopwatch.GetElapsedTime(start, resolved).TotalMilliseconds);
        context.InitialRequestMessage.Options.Set(ConnectMs, System.Diagnostics.Stopwatch.GetElapsedTime(resolved, connected).TotalMilliseconds);
        context.InitialRequestMessage.Options.Set(ConnectedAt, connected);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>
    /// The TLS handshake of a connection this request opened over https: from the TCP connect's end to the first write
    /// of the request's body, which the handler starts only once the handshake is done (and the headers are out, a
    /// few microseconds). Null for a reused connection, cleartext, or a request whose body never went out.
    /// </summary>
    public static double? TlsMs(HttpRequestMessage message, long bodyStart)
        => message.RequestUri?.Scheme == Uri.UriSchemeHttps && message.Options.TryGetValue(ConnectedAt, out long connected) && bodyStart > connected
            ? System.Diagnostics.Stopwatch.GetElapsedTime(connected, bodyStart).TotalMilliseconds
            : null;
}
