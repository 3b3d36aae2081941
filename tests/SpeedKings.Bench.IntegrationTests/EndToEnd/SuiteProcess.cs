using System.Collections;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// Starts the suite as a user does (<c>dotnet run -c Release --project bench -- …</c>) with a scrubbed environment:
/// no inherited provider keys, base URLs, models or suite settings, and an empty settings root, so a developer's real
/// key in the environment, <c>.env</c> or user-secrets can never turn a test into a paid call. A test adds exactly
/// what it needs. On a timeout the whole process tree is killed.
/// </summary>
internal static partial class SuiteProcess
{
    public static readonly string EmptySettingsRoot = Directory.CreateTempSubdirectory("speedkings-settings-").FullName;

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        using Running suite = Start(environment, args);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await suite.Process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await suite.KillAsync();
            throw new TimeoutException($"the suite did not finish within {timeout}: {string.Join(' ', args)}");
        }

        return (suite.Process.ExitCode, await suite.OutputAsync());
    }

    private static readonly string Project = Path.Combine(BenchmarkRunTests.Root, "bench", "SpeedKings.Bench.csproj");

    private static readonly Lazy<Task> BuiltOnce = new(BuildAsync);

    private static async Task BuildAsync()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = BenchmarkRunTests.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "build", "-c", "Release", Project })
            start.ArgumentList.Add(arg);
        Scrub(start);
        using var build = new Running(Process.Start(start)!);
        await build.Process.WaitForExitAsync();
        if (build.Process.ExitCode != 0)
            throw new InvalidOperationException($"the suite did not build: {await build.OutputAsync()}");
    }

    /// <summary>Starts the suite and leaves it running, for a test that stops it the hard way.</summary>
    public static Running Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = BenchmarkRunTests.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The way run.sh starts it (BenchmarkDotNet insists on an optimized, Release host), built once for the whole
        // test run instead of checked by MSBuild on every start: about 4 s a process, some fifty processes.
        BuiltOnce.Value.GetAwaiter().GetResult();
        foreach (string arg in new[] { "run", "--no-build", "-c", "Release", "--project", Project, "--" })
            start.ArgumentList.Add(arg);
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        Scrub(start);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        return new Running(Process.Start(start)!);
    }

    /// <summary>A started suite, its output drained as it comes so the process never blocks on a full pipe.</summary>
    internal sealed class Running(Process process) : IDisposable
    {
        private readonly Task<string> _stdout = process.StandardOutput.ReadToEndAsync();
        private readonly Task<string> _stderr = process.StandardError.ReadToEndAsync();

        public Process Process { get; } = process;

        /// <summary>SIGKILL to dotnet run, the suite and its benchmark processes, as an out-of-memory killer or a pulled plug would.</summary>
        public async Task KillAsync()
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        public async Task<string> OutputAsync() => await _stdout + await _stderr;

        public void Dispose() => Process.Dispose();
    }

    /// <summary>Removes what a developer's shell may carry that the suite would read as a setting.</summary>
    public static void Scrub(ProcessStartInfo start)
    {
        foreach (string name in start.Environment.Keys.ToList())
        {
            if (SettingName().IsMatch(name))
                start.Environment.Remove(name);
        }

        start.Environment["SPEEDKINGS_SETTINGS_ROOT"] = EmptySettingsRoot;
    }

    [GeneratedRegex("(_API_KEY|_BASE_URL|_MODEL|_TIER|_ENDPOINT|_HOST)$|^SPEEDKINGS_|^JOB_COMPLETION_INDEX$|^(CO|GEMINI|GOOGLE)_", RegexOptions.CultureInvariant)]
    private static partial Regex SettingName();
}
