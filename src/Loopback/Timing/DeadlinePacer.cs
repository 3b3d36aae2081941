using System.Diagnostics;

namespace SpeedKings.Bench.Loopback.Timing;

/// <summary>
/// Wakes waiters at absolute Stopwatch deadlines with sub-millisecond precision, for any number of concurrent streams,
/// from one dedicated thread.
/// <para>
/// Why not Task.Delay: on Linux the runtime's timer queue runs on the coarse monotonic clock (4 ms jiffies here), and
/// measured on this 2-core VM Task.Delay(1..19 ms) fired 0.3–3.5 ms late at the median and 4.5–7 ms late at p99. A
/// timed Monitor.Wait (a real timed futex wait) was 0.08–0.2 ms late at the median, but overslept by 1–2 ms in about
/// 1 % of waits; <see cref="FineSleep"/> was 0.085 ms late at the median and 0.1–0.16 ms at p99. So this thread waits in
/// three stages: Monitor.Wait in whole milliseconds until <see cref="CoarseMargin"/> before the earliest deadline (a new,
/// earlier deadline wakes it), then fine sleeps of at most <see cref="LongestFineSleep"/> until <see cref="SpinWindow"/>
/// before it, then spins to the deadline. Lowering the coarse margin to 0.5 ms saved almost no CPU (fine sleeps cost a
/// few microseconds each) and let the rare Monitor.Wait oversleep through as lateness.
/// </para>
/// <para>
/// Trade-off: at most one thread ever spins, whatever the number of streams, and only in the last
/// <see cref="SpinWindow"/> before a deadline. It busy-spins, because Thread.Yield hands the core to any runnable thread
/// for its whole time slice (measured here: up to about 1 ms, which is the lateness the spin exists to avoid), but only
/// within a budget of <see cref="SpinShare"/> of one core on average; when deadlines are so dense that the budget runs
/// out (hundreds of streams), it yields between checks instead, so 256–1000 streams cannot melt two cores. One stream
/// at 125 chunks/s costs the pacer about 5 % of a core. Fine sleeps are not interruptible, so a deadline scheduled less
/// than <see cref="LongestFineSleep"/> ahead of the current earliest one can be noticed up to that late. Where no fine
/// sleep exists (Windows, whose default timer tick is 15.6 ms) the pacer spins through the whole margin instead, so the
/// budget runs out sooner and it mostly yields. Waiters resume on the thread pool (about 0.02–0.07 ms later at the
/// median), never inline on this thread: inline would save those microseconds but would let any request's code (and
/// Kestrel's request loop behind it) run on, and delay, the thread every other stream depends on.
/// </para>
/// </summary>
internal sealed class DeadlinePacer : IDisposable
{
    /// <summary>
    /// Where millisecond waits stop: above Monitor.Wait's rare 1–2 ms oversleep where fine sleeps take over, above the
    /// 15.6 ms timer tick where they do not (Windows).
    /// </summary>
    private static readonly long CoarseMargin = FineSleep.IsAvailable ? Milliseconds(2) : Milliseconds(16);

    /// <summary>Where fine sleeps stop and spinning starts: above the fine sleep's p99 lateness.</summary>
    private static readonly long SpinWindow = Milliseconds(0.2);

    /// <summary>Longest uninterruptible fine sleep: bounds how late a newly scheduled, earlier deadline can be noticed.</summary>
    private static readonly long LongestFineSleep = Milliseconds(0.25);

    private static readonly long TicksPerMillisecond = Milliseconds(1);

    /// <summary>Share of one core the pacer may busy-spin on average before it yields instead.</summary>
    private const double SpinShare = 0.1;

    /// <summary>Most spin time that can be saved up while deadlines are sparse.</summary>
    private static readonly long LongestSpinCredit = Milliseconds(20);

    /// <summary>One busy-spin step, about a microsecond: the deadline is checked between steps.</summary>
    private const int SpinIterations = 30;

    // Longest single wait: a far deadline is re-checked now and then instead of trusting one huge timeout.
    private const int LongestWaitMilliseconds = 60_000;

    private readonly object _gate = new();
    private readonly PriorityQueue<(PacedWaiter Waiter, short Token), long> _pending = new();
    private readonly List<(PacedWaiter Waiter, short Token)> _firing = [];
    private readonly Thread _thread;
    private bool _stopping;

    // Touched by the pacer thread only.
    private long _spinCredit = LongestSpinCredit;
    private long _spinCreditUpdated = Stopwatch.GetTimestamp();

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
            // The pacer may be in a millisecond wait for a later deadline: wake it to recompute.
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
            long remaining;
            lock (_gate)
            {
                if (!TryTakeDue(out remaining))
                    return;
            }

            if (_firing.Count > 0)
            {
                // Outside the lock: completing a wait queues its continuation, which may schedule the next deadline.
                foreach ((PacedWaiter waiter, short token) in _firing)
                    waiter.Fire(token);
                _firing.Clear();
            }
            else if (remaining > SpinWindow && FineSleep.IsAvailable)
            {
                FineSleep.Sleep(Math.Min(remaining - SpinWindow, LongestFineSleep) * 1_000_000 / Stopwatch.Frequency);
            }
            else
            {
                SpinOnce();
            }
        }
    }

    /// <summary>One step of the last stretch before a deadline: a busy spin while the budget lasts, else a yield.</summary>
    private void SpinOnce()
    {
        long now = Stopwatch.GetTimestamp();
        _spinCredit = Math.Min(LongestSpinCredit, _spinCredit + (long)((now - _spinCreditUpdated) * SpinShare));
        _spinCreditUpdated = now;
        if (_spinCredit > 0)
        {
            Thread.SpinWait(SpinIterations);
            _spinCredit -= Stopwatch.GetTimestamp() - now;
        }
        else
        {
            Thread.Yield();
        }
    }

    /// <summary>
    /// Under the lock: moves every due wait to <see cref="_firing"/>, or waits in whole milliseconds while the earliest
    /// deadline is further than the coarse margin away. Returns with <paramref name="remaining"/> ticks to go (and
    /// nothing to fire) when it is closer than that. False once stopping.
    /// </summary>
    private bool TryTakeDue(out long remaining)
    {
        while (!_stopping)
        {
            if (!_pending.TryPeek(out _, out long head))
            {
                Monitor.Wait(_gate);
                continue;
            }

            long now = Stopwatch.GetTimestamp();
            remaining = head - now;
            if (remaining <= 0)
            {
                while (_pending.TryPeek(out _, out long deadline) && deadline <= now)
                    _firing.Add(_pending.Dequeue());
                return true;
            }

            long waitable = remaining - CoarseMargin;
            if (waitable < TicksPerMillisecond)
                return true;

            Monitor.Wait(_gate, (int)Math.Min(waitable / TicksPerMillisecond, LongestWaitMilliseconds));
        }

        remaining = 0;
        return false;
    }

    private static long Milliseconds(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);
}
