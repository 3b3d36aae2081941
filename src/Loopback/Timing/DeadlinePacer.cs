using System.Diagnostics;

namespace SpeedKings.Bench.Loopback.Timing;

/// <summary>
/// Wakes waiters at absolute Stopwatch deadlines with sub-millisecond precision, for any number of concurrent streams,
/// from one dedicated thread.
/// <para>
/// Why not Task.Delay: on Linux the runtime's timer queue runs on the coarse monotonic clock (4 ms jiffies here), and
/// measured on this 2-core box Task.Delay(1..19 ms) fired 0.3–3.5 ms late at the median and 4.5–7 ms late at p99. A
/// timed Monitor.Wait (a real timed futex wait) was 0.08–0.15 ms late at the median and 0.1–0.2 ms at p99 (0.9 ms
/// with the other core saturated). So this thread sleeps with Monitor.Wait, in whole milliseconds, until
/// <see cref="SpinMargin"/> before the earliest deadline, then spins with Thread.Yield to the deadline.
/// </para>
/// <para>
/// Trade-off: at most one thread ever spins, whatever the number of streams, so 256–1000 streams cannot melt two cores;
/// and Thread.Yield hands the core to any runnable thread, so the spin only uses CPU nobody else wants. The cost is up
/// to margin + 1 ms of yielding per sparse deadline (about 0.9 ms on average), and a pacer that yields continuously
/// when deadlines are dense. Waiters resume on the thread pool (about 0.02 ms median, 0.1 ms p99 measured here), never
/// inline on this thread, so request code cannot delay other streams' deadlines.
/// </para>
/// </summary>
internal sealed class DeadlinePacer : IDisposable
{
    /// <summary>How long before a deadline the sleeping stops and the spinning starts: above the timed wait's p99 lateness.</summary>
    private static readonly long SpinMargin = OperatingSystem.IsWindows()
        // Windows' default timer tick is 15.6 ms (not measured here): sleeping closer than that would overshoot.
        ? Stopwatch.Frequency * 16 / 1000
        : Stopwatch.Frequency / 2000;

    private static readonly long TicksPerMillisecond = Stopwatch.Frequency / 1000;

    // Longest single sleep: a far deadline is re-checked now and then instead of trusting one huge timeout.
    private const int LongestSleepMilliseconds = 60_000;

    private readonly object _gate = new();
    private readonly PriorityQueue<(PacedWaiter Waiter, short Token), long> _pending = new();
    private readonly List<(PacedWaiter Waiter, short Token)> _firing = [];
    private readonly Thread _thread;
    private bool _stopping;

    public DeadlinePacer()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "Loopback deadline pacer" };
        _thread.Start();
    }

    /// <summary>Has <paramref name="waiter"/>'s wait number <paramref name="token"/> fired at <paramref name="deadline"/>.</summary>
    public void Schedule(PacedWaiter waiter, short token, long deadline)
    {
        lock (_gate)
        {
            bool earliest = !_pending.TryPeek(out _, out long head) || deadline < head;
            _pending.Enqueue((waiter, token), deadline);
            // The pacer may be asleep until a later deadline: wake it to recompute.
            if (earliest)
                Monitor.Pulse(_gate);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!TakeDueOrSleep())
                    return;
            }

            if (_firing.Count == 0)
            {
                // Within the margin of the earliest deadline: give the core away, then look again.
                Thread.Yield();
                continue;
            }

            // Outside the lock: completing a wait queues its continuation, which may schedule the next deadline.
            foreach ((PacedWaiter waiter, short token) in _firing)
                waiter.Fire(token);
            _firing.Clear();
        }
    }

    /// <summary>
    /// Under the lock: moves every due wait to <see cref="_firing"/>, or sleeps until the margin before the earliest
    /// deadline. Returns with an empty <see cref="_firing"/> when within the margin (the caller spins). False once
    /// stopping.
    /// </summary>
    private bool TakeDueOrSleep()
    {
        while (!_stopping)
        {
            if (!_pending.TryPeek(out _, out long head))
            {
                Monitor.Wait(_gate);
                continue;
            }

            long now = Stopwatch.GetTimestamp();
            long remaining = head - now;
            if (remaining <= 0)
            {
                while (_pending.TryPeek(out _, out long deadline) && deadline <= now)
                    _firing.Add(_pending.Dequeue());
                return true;
            }

            long sleepable = remaining - SpinMargin;
            if (sleepable < TicksPerMillisecond)
                return true;

            Monitor.Wait(_gate, (int)Math.Min(sleepable / TicksPerMillisecond, LongestSleepMilliseconds));
        }

        return false;
    }
}
