namespace SpeedKings.Bench.Calibration;

/// <summary>
/// What a piece of work keeps alive on the managed heap: full collections every few milliseconds while it runs, on a
/// thread of its own, and the most the heap held after one, less what it held before. A sample without collecting
/// (<see cref="ProcessSampler"/>) also counts garbage not yet collected, which with few gen-0 collections in a level
/// can be most of it. The collections pause the work, so this runs only where nothing is measured.
/// </summary>
internal static class LiveHeapProbe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <returns>The live heap's largest growth during <paramref name="work"/>, in MB.</returns>
    public static async Task<double> GrowthMbAsync(Func<Task> work)
    {
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        var done = new ManualResetEventSlim();
        var probe = new Thread(() =>
        {
            do
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            while (!done.Wait(Interval));
        }) { IsBackground = true, Name = "live heap probe" };
        probe.Start();
        try
        {
            await work();
        }
        finally
        {
            done.Set();
            probe.Join();
            done.Dispose();
        }

        return (peak - baseline) / (1024.0 * 1024.0);
    }
}
