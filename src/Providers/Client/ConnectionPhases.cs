using System.Net;
using System.Net.Sockets;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Opens the client's connections itself, so a request that needed a new one carries how long name resolution and the
/// TCP connect took, apart from its TTFT. The request that made the pool open a connection is the one marked; the TLS
/// handshake that follows is the handler's and is not split out here.
/// </summary>
internal static class ConnectionPhases
{
    public static readonly HttpRequestOptionsKey<double> DnsMs = new("speedkings.dns-ms");
    public static readonly HttpRequestOptionsKey<double> ConnectMs = new("speedkings.connect-ms");

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
        return new NetworkStream(socket, ownsSocket: true);
    }
}
