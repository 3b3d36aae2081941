using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// Where <c>calibrate</c> runs the loopback server and its own client: on different cores where the machine has at
/// least two and the operating system lets a process choose (Linux, Windows), so the client's measured error is not the
/// server's CPU contention. The server takes the last core the suite may use, the client the others.
/// </summary>
internal sealed class CorePlacement
{
    private CorePlacement(int[] server, int[] client, string description)
    {
        ServerCores = server;
        ClientCores = client;
        Description = description;
    }

    /// <summary>Cores the server process runs on; empty when not pinned.</summary>
    public int[] ServerCores { get; }

    /// <summary>Cores this (client) process runs on; empty when not pinned.</summary>
    public int[] ClientCores { get; }

    /// <summary>What was done, in words for the report: "server on core 1, client on core 0", or why not.</summary>
    public string Description { get; }

    public bool IsPinned => ServerCores.Length > 0;

    /// <summary>Both processes share whatever cores they are given.</summary>
    public static CorePlacement Shared(string why) => new([], [], "not pinned: " + why);

    /// <summary>Splits the cores this process may use: the last for the server, the rest for the client.</summary>
    public static CorePlacement Plan(bool pin)
    {
        if (!pin)
            return Shared("--pin false");
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
            return Shared("this operating system gives a process no core affinity");
        int[] allowed = Affinity.Allowed();
        if (allowed.Length < 2)
            return Shared($"only {allowed.Length} core is available");
        int[] server = [allowed[^1]];
        int[] client = allowed[..^1];
        return new CorePlacement(server, client, $"server on core {server[0]}, client on {Cores(client)}");
    }

    /// <summary>Confines every thread of this process, and so every thread it starts later, to the client's cores.</summary>
    public void PinThisProcess()
    {
        if (IsPinned)
            Affinity.SetProcess(Environment.ProcessId, ClientCores);
    }

    /// <summary>
    /// Starts the server on its core. On Linux a child inherits the affinity of the thread that forks it, so it is
    /// started from a thread pinned to the server's core: no thread of the server ever runs elsewhere, not even the
    /// runtime's start-up threads. On Windows the process's affinity is set as soon as it exists.
    /// </summary>
    public Process Start(ProcessStartInfo start)
    {
        if (!IsPinned)
            return Process.Start(start) ?? throw new InvalidOperationException("The loopback server process did not start.");
        if (OperatingSystem.IsWindows())
        {
            Process process = Process.Start(start) ?? throw new InvalidOperationException("The loopback server process did not start.");
            Affinity.SetProcess(process.Id, ServerCores);
            return process;
        }

        Process? started = null;
        Exception? failure = null;
        var starter = new Thread(() =>
        {
            try
            {
                Affinity.SetThisThread(ServerCores);
                started = Process.Start(start);
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException)
            {
                failure = e;
            }
        }) { Name = "loopback starter", IsBackground = true };
        starter.Start();
        starter.Join();
        if (failure is not null)
            throw new InvalidOperationException("The loopback server process did not start: " + failure.Message, failure);
        return started ?? throw new InvalidOperationException("The loopback server process did not start.");
    }

    private static string Cores(int[] cores) => cores.Length == 1 ? $"core {cores[0]}" : $"cores {string.Join(",", cores)}";

    /// <summary>The operating system's affinity calls: <c>sched_[gs]etaffinity</c> on Linux, process masks on Windows.</summary>
    private static class Affinity
    {
        // 1,024 cores: the kernel refuses a mask smaller than its own, and no machine this runs on has more.
        private const int MaskWords = 16;

        public static int[] Allowed()
        {
            if (OperatingSystem.IsWindows())
                return Bits([(ulong)Process.GetCurrentProcess().ProcessorAffinity]);
            var mask = new ulong[MaskWords];
            Check(SchedGetAffinity(0, MaskWords * sizeof(ulong), mask), "read this process's cores");
            return Bits(mask);
        }

        public static void SetThisThread(int[] cores)
            => Check(SchedSetAffinity(0, MaskWords * sizeof(ulong), Mask(cores)), "pin a thread");

        /// <summary>On Linux affinity is per thread: every thread the process has now, which its later threads inherit.</summary>
        public static void SetProcess(int processId, int[] cores)
        {
            if (OperatingSystem.IsWindows())
            {
                using Process process = Process.GetProcessById(processId);
                process.ProcessorAffinity = (nint)Mask(cores)[0];
                return;
            }

            ulong[] mask = Mask(cores);
            foreach (string task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
            {
                // A thread may end between the listing and the call; it no longer needs a core.
                if (int.TryParse(Path.GetFileName(task), out int threadId) && SchedSetAffinity(threadId, MaskWords * sizeof(ulong), mask) != 0
                    && Marshal.GetLastPInvokeError() != NoSuchProcess)
                    throw new InvalidOperationException($"Could not pin thread {threadId} to {Cores(cores)} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }

        private const int NoSuchProcess = 3;

        private static ulong[] Mask(int[] cores)
        {
            var mask = new ulong[MaskWords];
            foreach (int core in cores)
                mask[core / 64] |= 1UL << (core % 64);
            return mask;
        }

        private static int[] Bits(ulong[] mask)
            => [.. Enumerable.Range(0, mask.Length * 64).Where(core => (mask[core / 64] & (1UL << (core % 64))) != 0)];

        private static void Check(int result, string what)
        {
            if (result != 0)
                throw new InvalidOperationException($"Could not {what} (errno {Marshal.GetLastPInvokeError()}); run calibrate with --pin false.");
        }

        [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int SchedGetAffinity(int threadId, nint maskBytes, [Out] ulong[] mask);

        [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int SchedSetAffinity(int threadId, nint maskBytes, [In] ulong[] mask);
    }
}
