using System.Diagnostics;
using SpeedKings.Bench.Calibration;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>Runs only where the kernel reports a process's cores (Linux) and there are two to split.</summary>
public sealed class PinnableFactAttribute : FactAttribute
{
    public PinnableFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2)
            Skip = "Core pinning is checked through /proc on Linux with at least two cores.";
    }
}

/// <summary>
/// <c>calibrate</c>'s server on a core of its own: a real child process, its cores read back from the kernel. The
/// test process itself is never pinned (that would slow every other test).
/// </summary>
public class CorePlacementTests
{
    [PinnableFact]
    public void A_pinned_server_process_and_every_thread_it_starts_run_on_the_server_core_alone()
    {
        CorePlacement placement = CorePlacement.Plan(pin: true);
        Assert.True(placement.IsPinned, placement.Description);
        Assert.DoesNotContain(placement.ServerCores[0], placement.ClientCores);

        // A shell that starts a child of its own: the grandchild must inherit the core too.
        var start = new ProcessStartInfo("/bin/sh", ["-c", "sleep 30 & echo $!; wait"]) { RedirectStandardOutput = true };
        using Process shell = placement.Start(start);
        try
        {
            int grandchild = int.Parse(shell.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(placement.ServerCores[0].ToString(System.Globalization.CultureInfo.InvariantCulture), AllowedCores(shell.Id));
            Assert.Equal(placement.ServerCores[0].ToString(System.Globalization.CultureInfo.InvariantCulture), AllowedCores(grandchild));
            // The thread that started it was a throwaway one: this process keeps all its cores.
            Assert.NotEqual(AllowedCores(shell.Id), AllowedCores(Environment.ProcessId));
        }
        finally
        {
            shell.Kill(entireProcessTree: true);
            shell.WaitForExit();
        }
    }

    [Fact]
    public void Asked_not_to_pin_it_says_so_and_starts_the_server_unpinned()
    {
        CorePlacement placement = CorePlacement.Plan(pin: false);
        Assert.False(placement.IsPinned);
        Assert.Equal("not pinned: --pin false", placement.Description);
    }

    /// <summary>The kernel's own list, e.g. "1" or "0-1".</summary>
    private static string AllowedCores(int processId)
        => File.ReadLines($"/proc/{processId}/status").Single(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            ["Cpus_allowed_list:".Length..].Trim();
}
