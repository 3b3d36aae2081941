using System.Diagnostics.CodeAnalysis;

namespace SpeedKings.Bench.Loopback;

/// <summary>
/// The server's record of recent requests, keyed by request id. Bounded so a long run stays flat in memory: past
/// capacity the oldest request is evicted. Thread-safe; a request is recorded once when its text is all written and
/// may be recorded again (same id, same place in the order) if the end of the stream then fails to go out.
/// </summary>
public sealed class GroundTruthLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RequestGroundTruth> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly int _capacity;

    public GroundTruthLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _byId.Count;
        }
    }

    public bool TryGet(string requestId, [NotNullWhen(true)] out RequestGroundTruth? truth)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        lock (_gate)
            return _byId.TryGetValue(requestId, out truth);
    }

    /// <summary>All kept requests, oldest first, copied so the caller can enumerate while requests keep landing.</summary>
    public IReadOnlyList<RequestGroundTruth> Snapshot()
    {
        lock (_gate)
        {
            var copy = new List<RequestGroundTruth>(_order.Count);
            foreach (string id in _order)
                copy.Add(_byId[id]);
            return copy;
        }
    }

    /// <summary>Adds a request, or replaces the earlier record of the same request without moving it in the order.</summary>
    internal void Record(RequestGroundTruth truth)
    {
        lock (_gate)
        {
            if (_byId.TryAdd(truth.RequestId, truth))
            {
                _order.Enqueue(truth.RequestId);
                while (_order.Count > _capacity)
                    _byId.Remove(_order.Dequeue());
            }
            else
            {
                _byId[truth.RequestId] = truth;
            }
        }
    }
}
