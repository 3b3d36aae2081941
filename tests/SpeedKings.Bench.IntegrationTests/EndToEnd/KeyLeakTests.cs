using System.Diagnostics;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// A canary key for every provider variable, a run through failure paths, and a search of everything the run left
/// behind: console, reports, records, logs. The key must appear nowhere.
/// </summary>
public class KeyLeakTests
{
    private const string Canary = "sk-canary-7f3e9b1d0c2a";

    private static readonly string[] KeyVariables = ["CUSTOM_API_KEY", "CEREBRAS_API_KEY", "GROQ_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "CO_API_KEY"];

    [Fact]
    public async Task A_failing_run_leaks_the_key_nowhere()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-leak-" + Guid.NewGuid().ToString("N"));
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        try
        {
            var environment = KeyVariables.ToDictionary(variable => variable, _ => Canary);
            var (exitCode, output) = await SuiteProcess.RunAsync(
                environment, TimeSpan.FromMinutes(8),
                "--endpoint", $"http://127.0.0.1:{closedPort}/v1", "--model", "m",
                "--filter", "*custom*Short*", "--iterationCount", "1", "--warmupCount", "0", "--artifacts", artifacts);

            Assert.Equal(1, exitCode); // every request failed: the run says so with its exit code
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
