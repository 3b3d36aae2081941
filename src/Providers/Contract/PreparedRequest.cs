namespace SpeedKings.Bench.Providers.Contract;

/// <summary>
/// A request ready to send: its body bytes are built before the clock starts, so serialisation never counts as
/// latency.
/// </summary>
public sealed record PreparedRequest(Uri Url, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers);
