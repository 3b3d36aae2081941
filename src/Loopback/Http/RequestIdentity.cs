namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// One request's identity: its id (<c>lb-7</c>, sent as <c>x-request-id</c>), its sequence number (7, also added to the
/// schedule's seed) and the moment the handler was entered.
/// </summary>
internal readonly record struct RequestIdentity(string RequestId, int Sequence, long ReceivedTimestamp);
