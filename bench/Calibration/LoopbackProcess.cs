using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// The loopback reference in a process of its own, so the client's CPU, GC and thread-pool figures during calibration
/// are the client's alone. Both processes read the same machine-wide monotonic clock, so the server's write timestamps
/// and the client's arrival timestamps compare directly.
/// </summary>
internal partial class LoopbackProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private LoopbackProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the server on a free port with <paramref name="scheduleSpec"/> and waits until it listens.</summary>
    /// <exception cref="InvalidOperationException">It did not start; the message says what it printed.</exception>
    public static async Task<LoopbackProcess> StartAsync(string scheduleSpec, CancellationToken cancellationToken = default)
    {
        ProcessStartInfo start = StartInfo();
        foreach (string argument in (string[])["--port", "0", "--schedule", scheduleSpec])
            start.ArgumentList.Add(argument);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        var process = Process.Start(start) ?? throw new InvalidOperationException("The loopback server process did not start.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    // Keep draining its output so a full pipe can never block the server.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new LoopbackProcess(process, new Uri(match.Groups["base"].Value));
                }
            }

            string error = await process.StandardError.ReadToEndAsync(timeout.Token);
            throw new InvalidOperationException($"The loopback server exited before listening: {error.Trim()}");
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
    }

    /// <summary>The server built beside this one: its app host where there is one, else through <c>dotnet</c>.</summary>
    private static ProcessStartInfo StartInfo()
    {
        string directory = AppContext.BaseDirectory;
        string appHost = Path.Combine(directory, OperatingSystem.IsWindows() ? "SpeedKings.Bench.Loopback.exe" : "SpeedKings.Bench.Loopback");
        if (File.Exists(appHost))
            return new ProcessStartInfo(appHost);
        var viaHost = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        viaHost.ArgumentList.Add(Path.Combine(directory, "SpeedKings.Bench.Loopback.dll"));
        return viaHost;
    }

    [GeneratedRegex(@"listening on (?<base>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ListeningLine();
}
