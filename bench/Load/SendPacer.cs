using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Load;

/// <summary>
/// Waits for an intended send time on the sending thread: it sleeps while the time is more than
/// <see cref="SpinWindowMs"/> away (the OS wakes a sleeper a fraction of a millisecond late) and yields for the rest,
/// so a send leaves within microseconds of its time without holding a core between arrivals.
/// </summary>
internal static class SendPacer
{
    public const double SpinWindowMs = 1.5;

    private static readonly long SpinWindow = (long)(SpinWindowMs * System.Diagnostics.Stopwatch.Frequency / 1000);
    private static readonly long TicksPerMs = System.Diagnostics.Stopwatch.Frequency / 1000;

    public static void WaitUntil(long timestamp)
    {
        long sleep = (timestamp - StreamTimer.Now() - SpinWindow) / TicksPerMs;
        if (sleep > 0)
            Thread.Sleep((int)sleep);
        while (StreamTimer.Now() < timestamp)
            Thread.Yield();
    }
}
