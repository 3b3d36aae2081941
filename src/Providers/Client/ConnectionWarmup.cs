using System.Collections.Concurrent;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Warming a pool: bounds how many connections open at once (hundreds of SYNs at once overflow a server's accept
/// queue) and keeps the set-up of every connection opened. It counts connections, not calls: the pool may hand a
/// warming call a connection another call opened, and finish opening the one the call asked for afterwards.
/// </summary>
internal sealed class ConnectionWarmup(int atOnce) : IDisposable
{
    private const int Rounds = 4;

    private readonly SemaphoreSlim _slots = new(atOnce);
    private readonly ConcurrentQueue<ConnectionSetup> _opened = new();
    private int _inProgress;

    /// <summary>
    /// Opens a connection per client's stream, at most <paramref name="atOnce"/> at a time, and returns their set-up.
    /// Every client asks at once (asking one after another, or in batches, each call would take the connection the
    /// last one left idle, and the first measured burst would open the rest), then again for what a round fell short
    /// of; HTTP/2 stops after its first round, one connection serving 100 streams.
    /// </summary>
    public static async Task<List<ConnectionSetup>> WarmAsync(IReadOnlyList<InferenceClient> clients, int atOnce)
    {
        using var warmup = new ConnectionWarmup(atOnce);
        for (int round = 0; round < Rounds && warmup.Opened.Count < clients.Count; round++)
        {
            int before = warmup.Opened.Count;
            await Task.WhenAll(clients.Select(c => c.WarmConnectionAsync(warmup))).ConfigureAwait(false);
            await warmup.SettledAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            if (warmup.Opened.Count == before)
                break;
        }

        return [.. warmup.Opened];
    }

    /// <summary>Every connection opened under this warm-up so far.</summary>
    public IReadOnlyCollection<ConnectionSetup> Opened => _opened;

    /// <summary>Opens one connection when a slot is free, and keeps its set-up.</summary>
    internal async ValueTask<Stream> OpenAsync(Func<CancellationToken, ValueTask<(Stream Stream, ConnectionSetup Setup)>> open, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inProgress);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                (Stream stream, ConnectionSetup setup) = await open(cancellationToken).ConfigureAwait(false);
                _opened.Enqueue(setup);
                return stream;
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inProgress);
        }
    }

    /// <summary>Waits until no connection of this warm-up is still opening (or <paramref name="limit"/> has passed).</summary>
    private async Task SettledAsync(TimeSpan limit)
    {
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (Volatile.Read(ref _inProgress) > 0 && Environment.TickCount64 < deadline)
            await Task.Delay(1).ConfigureAwait(false);
    }

    public void Dispose() => _slots.Dispose();
}
