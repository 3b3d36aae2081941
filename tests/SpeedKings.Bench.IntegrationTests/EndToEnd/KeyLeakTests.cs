using SpeedKings.Bench.Loopback;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// Canary keys for every provider, from each place a key can come from, and a server that refuses the key and repeats
/// part of it as OpenAI does. Then a search of everything the suite printed and left behind — console, BenchmarkDotNet's
/// reports and log, records, run record, methodology, page, history database, and the list, pricing and estimate
/// commands: neither the key nor the part the server repeated may appear anywhere.
/// </summary>
public class KeyLeakTests
{
    // "invalid" makes the loopback refuse it; the server repeats its first six ("cnry77") and last four ("QZWX") characters.
    private const string Canary = "cnry77-invalid-5e1b7c9d-QZWX";
    private static readonly string[] Fragments = [Canary, "cnry77", "QZWX", "5e1b7c9d"];

    private static readonly string[] KeyVariables =
        ["OPENAI_API_KEY", "CEREBRAS_API_KEY", "GROQ_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "CO_API_KEY", "AZURE_OPENAI_API_KEY", "CUSTOM_API_KEY"];

    [Theory]
    [InlineData("environment")]
    [InlineData(".env")]
    [InlineData("secrets.json")]
    public async Task A_refused_key_leaks_nowhere_whichever_source_it_came_from(string source)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=5ms;tps=2000;chunk=4") });
        string root = Directory.CreateTempSubdirectory("speedkings-leak-settings-").FullName;
        string artifacts = Directory.CreateTempSubdirectory("speedkings-leak-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["SPEEDKINGS_SETTINGS_ROOT"] = root,
            ["OPENAI_BASE_URL"] = new Uri(server.BaseAddress, "openai/v1").AbsoluteUri, // the imitation that repeats a refused key
        };
        switch (source)
        {
            case "environment":
                foreach (string variable in KeyVariables)
                    environment[variable] = Canary;
                break;
            case ".env":
                await File.WriteAllLinesAsync(Path.Combine(root, ".env"), KeyVariables.Select(v => $"{v}={Canary}"));
                break;
            default:
                await File.WriteAllTextAsync(Path.Combine(root, "secrets.json"), "{" + string.Join(",", KeyVariables.Select(v => $"\"{v}\":\"{Canary}\"")) + "}");
                break;
        }

        try
        {
            var (exitCode, output) = await SuiteProcess.RunAsync(
                environment, TimeSpan.FromMinutes(8),
                "--filter", "*openai*Short*", "--iterationCount", "1", "--warmupCount", "0", "--artifacts", artifacts);
            Assert.True(exitCode == 1, output); // every request was refused: the run says so with its exit code
            Assert.Contains("Every measured request failed", output);
            Assert.Contains("check OPENAI_API_KEY (HTTP 401): Incorrect API key provided: ***.", output); // the message travelled, redacted

            var printed = new List<(string Where, string Text)> { ("run", output) };
            foreach (string[] command in new[] { new[] { "list" }, ["pricing"], ["estimate", "--filter", "*Short*"] })
            {
                var (commandExit, commandOutput) = await SuiteProcess.RunAsync(environment, TimeSpan.FromMinutes(4), command);
                Assert.True(commandExit == 0, commandOutput);
                printed.Add((command[0], commandOutput));
            }

            string[] files = Directory.GetFiles(artifacts, "*", SearchOption.AllDirectories);
            foreach (string expected in new[] { ".jsonl", "-report-full.json", "-report.csv", ".log", "history.db", ".html" })
                Assert.Contains(files, f => f.EndsWith(expected, StringComparison.Ordinal));
            foreach (string file in files)
                printed.Add((file, await File.ReadAllTextAsync(file)));

            foreach (var (where, text) in printed)
            {
                foreach (string fragment in Fragments)
                    Assert.False(text.Contains(fragment, StringComparison.Ordinal), $"{where} contains '{fragment}' of the key from {source}");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            Directory.Delete(artifacts, recursive: true);
        }
    }
}
