namespace SpeedKings.Bench.Metrics.Records;

/// <summary>
/// The set-up of one new connection, in milliseconds: name resolution, TCP connect, and the TLS handshake (null for
/// cleartext). A case's connections are mostly opened before its first request (warming the pool), so they are kept
/// apart from the request records and summed into the case's connection set-up figure.
/// </summary>
internal readonly record struct ConnectionSetup(double DnsMs, double ConnectMs, double? TlsMs)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public double TotalMs => DnsMs + ConnectMs + (TlsMs ?? 0);
}
