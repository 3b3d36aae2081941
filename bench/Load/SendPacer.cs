using System.Diagnostics;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Load;

/// <summary>
/// Waits for intended send times on the sending thread: it sleeps while a time is more than its spin window away (a
/// sleeper wakes a fraction of a millisecond late, more on a busy machine) and yields for the rest, so a send leaves
/// within microseconds of its time without holding a core between arrivals. The window is half a mean gap, between
/// <see cref="LeastSpinMs"/> and <see cref="MostSpinMs"/>: wide where arrivals are sparse and a late wake-up is the risk,
/// narrow at a thousand a second, where the cores are needed for the streams.
/// </summary>
internal sealed class SendPacer
{
    public const double LeastSpinMs = 0.5;
    public const double MostSpinMs = 2;

    private static readonly long TicksPerMs = Stopwatch.Frequency / 1000;

    private readonly long _spinWindow;

    public SendPacer(double perSecond)
        => _spinWindow = (long)(Math.Clamp(500 / perSecond, LeastSpinMs, MostSpinMs) * TicksPerMs);

    public void WaitUntil(long timestamp)
    {
        long sleep = (timestamp - StreamTimer.Now() - _spinWindow) / TicksPerMs;
        if (sleep > 0)
            Thread.Sleep((int)sleep);
        while (StreamTimer.Now() < timestamp)
            Thread.Yield();
    }
}
