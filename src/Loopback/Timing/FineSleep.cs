using System.Runtime.InteropServices;

namespace SpeedKings.Bench.Loopback.Timing;

/// <summary>
/// A sub-millisecond sleep. .NET's own sleeps and waits all take whole milliseconds, so on Unix this calls libc's
/// <c>usleep</c> (a blittable int, no unsafe code). Measured here: 85 µs late at the median, 0.1–0.16 ms at p99
/// (the kernel's 50 µs timer slack plus the wake-up), with rare multi-millisecond outliers from the VM. Elsewhere
/// (Windows) it is unavailable and the pacer spins instead.
/// </summary>
internal static class FineSleep
{
    public static readonly bool IsAvailable = Probe();

    public static void Sleep(long microseconds)
        => _ = UnixSleep((uint)Math.Clamp(microseconds, 0, 1_000_000));

    [DllImport("libc", EntryPoint = "usleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int UnixSleep(uint microseconds);

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
            return false;
        try
        {
            _ = UnixSleep(0);
            return true;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
