using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>
/// The network's round trip to each remote provider, measured before the run: the median of a few TCP connects to
/// its host (one SYN, one SYN-ACK), after one untimed DNS lookup. It stands beside TTFT for every provider — also
/// those that report no server timings — so the network's share of a TTFT can be told from the provider's.
/// </summary>
internal static class NetworkProbe
{
    public const int Connects = 5;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <returns>Milliseconds per target param; a target whose host could not be reached is left out.</returns>
    public static async Task<IReadOnlyDictionary<string, double>> MeasureAsync(IEnumerable<RunTarget> targets, TextWriter log)
    {
        var rtt = new Dictionary<string, double>();
        var byHost = new Dictionary<(string Host, int Port), double?>();
        foreach (RunTarget target in targets.Where(t => t.IsConfigured && t.Provider.Kind == ProviderKind.Cloud && t.BaseUrl is not null))
        {
            Uri url = target.BaseUrl!;
            var host = (url.IdnHost, url.Port);
            if (!byHost.TryGetValue(host, out double? ms))
                byHost[host] = ms = await MedianConnectMsAsync(url.IdnHost, url.Port);
            if (ms is { } value)
                rtt[target.Param] = value;
        }

        if (rtt.Count > 0)
            log.WriteLine($"// Network RTT (median of {Connects} TCP connects): {string.Join(", ", rtt.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.00} ms")))}.");
        return rtt;
    }

    private static async Task<double?> MedianConnectMsAsync(string host, int port)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host);
        }
        catch (SocketException)
        {
            return null;
        }

        if (addresses.Length == 0)
            return null;
        var times = new List<double>();
        for (int i = 0; i < Connects; i++)
        {
            using var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = new CancellationTokenSource(ConnectTimeout);
            long start = Stopwatch.GetTimestamp();
            try
            {
                await socket.ConnectAsync(addresses[0], port, timeout.Token);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // an unreachable or slow attempt is no round trip
            }
        }

        if (times.Count == 0)
            return null;
        times.Sort();
        return times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
    }
}
