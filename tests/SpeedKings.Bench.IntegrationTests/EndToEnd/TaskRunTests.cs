using System.Globalization;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// Tasks beyond chat as a user runs them: <c>--filter</c> naming them, against an independent loopback process's
/// imitation of an owned endpoint. Each task is a case of its own; its columns agree with a hand count from the server's
/// ground truth, broken outputs included; and a provider that does not serve a task has no such case.
/// </summary>
public class TaskRunTests
{
    [Fact]
    public async Task Embeddings_tool_calls_and_json_answers_are_cases_whose_figures_match_the_servers_ground_truth()
    {
        // Every third structured output breaks its schema; 128-value vectors.
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=5ms;tps=2000;chunk=2;invalid=3;dims=128") });
        string artifacts = Directory.CreateTempSubdirectory("speedkings-tasks-").FullName;
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, [],
                "--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "task-model",
                "--filter", "*custom*Embed16*", "*custom*ToolCall*", "*custom*Json*", "--iterationCount", "6", "--warmupCount", "0");
            Assert.True(exitCode == 0, output);

            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
            var rows = lines.Skip(1).Select(BenchmarkRunTests.SplitCsv).ToDictionary(r => r[Array.IndexOf(header, "Prompt")]);
            string Cell(string prompt, string column) => rows[prompt][Array.IndexOf(header, column)];
            Assert.Equal(["Embed16", "Json", "ToolCall"], rows.Keys.Order());
            Assert.Equal(("Embed", "ToolCall", "Json"), (Cell("Embed16", "Task"), Cell("ToolCall", "Task"), Cell("Json", "Task")));

            foreach (string prompt in rows.Keys)
            {
                List<RequestRecord> records = RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), $"*-custom-{prompt}-1.jsonl", SearchOption.AllDirectories).Single());
                List<RequestGroundTruth> truths = [.. records.Select(r => server.GroundTruth.TryGet(r.ProviderRequestId!, out RequestGroundTruth? t) ? t : throw new InvalidOperationException($"no ground truth for {r.ProviderRequestId}"))];
                Assert.Equal(6, records.Count);
                int broken = truths.Count(t => t.ViolatesSchema);
                // The hand count: what the server broke is what the report calls invalid, and the rest is the valid share.
                Assert.Equal((100.0 * (6 - broken) / 6).ToString("0.0", CultureInfo.InvariantCulture), Cell(prompt, "Valid %"));
                Assert.Equal(broken.ToString(CultureInfo.InvariantCulture), Cell(prompt, "Invalid"));
                if (prompt != "Embed16")
                    Assert.InRange(broken, 1, 5);
            }

            Assert.Equal("128", Cell("Embed16", "Dims"));
            Assert.NotEqual("-", Cell("Embed16", "Inputs/s p50"));
            Assert.Equal("100", Cell("ToolCall", "Args streamed %"));
            // When each moment came against the server's writes is held in TasksOverSocketsTests; here only their order.
            Assert.True(double.Parse(Cell("ToolCall", "Args done p50 (ms)"), CultureInfo.InvariantCulture) >= double.Parse(Cell("ToolCall", "First tool delta p50 (ms)"), CultureInfo.InvariantCulture), output);
            Assert.Equal("task-model", Cell("Embed16", "Model")); // an endpoint you own embeds with the model you named

            // The run record carries each task's figures for compare and the page.
            string run = File.ReadAllText(Directory.GetFiles(Path.Combine(artifacts, "results"), "speedkings-run-*.json").Single());
            Assert.Contains("\"embeddingDimensions\": 128", run);
            Assert.Contains("\"task\": \"ToolCall\"", run);
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task A_provider_that_does_not_serve_a_task_has_no_case_of_it()
    {
        // Canary keys: --dry-run prints the plan and sends nothing.
        var keys = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-canary-openai", ["ANTHROPIC_API_KEY"] = "sk-canary-anthropic", ["GROQ_API_KEY"] = "gsk-canary-groq" };
        var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(null, keys, "--filter", "*Embed16*", "*ToolCall*", "--dry-run");
        Assert.True(exitCode == 0, output);

        string[] plan = [.. output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Contains(" Embed16 ", StringComparison.Ordinal) || l.Contains(" ToolCall ", StringComparison.Ordinal))];
        string Rows(string prompt) => string.Join(",", plan.Where(l => l.Contains($" {prompt} ", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.Equal("loopback,openai", Rows("Embed16"));                        // Anthropic and Groq serve no embeddings
        Assert.Equal("anthropic,groq,loopback,openai", Rows("ToolCall"));
        Assert.Contains("text-embedding-3-small", output);                      // the embedding case asks for the embedding model
        Assert.DoesNotContain("canary", output, StringComparison.Ordinal);
    }
}
