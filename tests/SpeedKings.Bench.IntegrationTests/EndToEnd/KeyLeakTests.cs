using System.Diagnostics;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// A canary key for every provider variable, a run through failure paths, and a search of everything the run left
/// behind: console, reports, records, logs. The key must appear nowhere.
/// </summary>
public class KeyLeakTests
{
    private const string Canary = "sk-canary-7f3e9b1d0c2a";

    [Fact]
    public async Task A_failing_run_leaks_the_key_nowhere()
    {
        string root = BenchmarkRunTests.Root;
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-leak-" + Guid.NewGuid().ToString("N"));
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[]
                     {
                         "run", "-c", "Release", "--project", Path.Combine(root, "bench", "SpeedKings.Bench.csproj"), "--",
                         "--endpoint", $"http://127.0.0.1:{closedPort}/v1", "--model", "m",
                         "--filter", "*custom*Short*", "--iterationCount", "1", "--warmupCount", "0", "--artifacts", artifacts,
                     })
                start.ArgumentList.Add(arg);
            foreach (string variable in new[] { "CUSTOM_API_KEY", "CEREBRAS_API_KEY", "GROQ_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "CO_API_KEY" })
                start.Environment[variable] = Canary;

            using var process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            await process.WaitForExitAsync(timeout.Token);
            string output = await stdout + await stderr;

            Assert.Equal(1, process.ExitCode); // every request failed: the run says so with its exit code
            Assert.Contains("Every measured request failed", output);
            Assert.DoesNotContain(Canary, output);
            string[] files = Directory.GetFiles(artifacts, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith(".jsonl", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("-report-full.json", StringComparison.Ordinal));
            foreach (string file in files)
                Assert.False((await File.ReadAllTextAsync(file)).Contains(Canary, StringComparison.Ordinal), $"{file} contains the key");
        }
        finally
        {
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }
}
